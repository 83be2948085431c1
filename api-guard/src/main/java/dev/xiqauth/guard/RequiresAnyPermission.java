package dev.xiqauth.guard;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The XIQ permissions any one of which allows a resource method, as XIQ decides its own calls: the caller's token
 * must carry <b>at least one</b> of them in its {@code scopes}, or the request is answered {@code 403 ACCESS_DENIED}
 * before the method runs. (Use {@link RequiresPermissions} when every one is needed.)
 *
 * <p>XIQ's own calls are allowed by their own permission, their category's, or, for a {@code GET}, their category's
 * read permission: a service that serves such calls names them all.
 *
 * <p>On a class it applies to every resource method of the class. When both the class and a method name
 * permissions, each is a requirement of its own: one of the class's, and one of the method's. It combines with
 * {@link RequiresPermissions} the same way. {@link XiqTokenGuard} enforces it.
 *
 * <pre>{@code
 * @GET
 * @Path("devices")
 * @RequiresAnyPermission({"device:list", "device", "device:r"})
 * public List<Device> devices() { ... }
 * }</pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresAnyPermission {
    /** @return the names of the permissions, for example {@code device:r}; any one of them is enough */
    String[] value();
}
