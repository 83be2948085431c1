package dev.xiqauth.guard;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The XIQ permissions a resource method requires, <b>all of them</b>: the caller's token must carry every one of
 * them in its {@code scopes}, or the request is answered {@code 403 ACCESS_DENIED} before the method runs. XIQ's own
 * calls are allowed by any one of several permissions instead: name those with {@link RequiresAnyPermission}.
 *
 * <p>On a class it applies to every resource method of the class. When both the class and a method name
 * permissions, the method requires all of them: the class's and its own (unlike {@code @RolesAllowed}, where a
 * method's annotation replaces the class's). {@link XiqTokenGuard} enforces it.
 *
 * <pre>{@code
 * @GET
 * @Path("inventory")
 * @RequiresPermissions("device:r")
 * public List<Device> inventory() { ... }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresPermissions {
    /** @return the names of the permissions, for example {@code device:r}; all of them are required */
    String[] value();
}
