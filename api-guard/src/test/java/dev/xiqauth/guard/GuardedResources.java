package dev.xiqauth.guard;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/** The resources of the guarded test service; each says which of the guard's rules it is under. */
@Path("/")
@Produces(MediaType.TEXT_PLAIN)
public class GuardedResources {
    /** @return what the resource sees of its caller */
    @GET
    @Path("whoami")
    public String whoami(@Context SecurityContext security) {
        XiqPrincipal caller = XiqPrincipal.of(security);
        return caller.getName() + " id=" + caller.userId() + " role=" + caller.role() + " scopes=" + caller.scopes()
                + " owner=" + caller.ownerId() + " dc=" + caller.dataCenter() + " expires=" + caller.expiresAt().orElse(null)
                + " operator=" + security.isUserInRole("Operator") + " administrator="
                + security.isUserInRole("Administrator") + " scheme=" + security.getAuthenticationScheme() + " secure="
                + security.isSecure();
    }

    /** @return for administrators only */
    @GET
    @Path("admin")
    @RolesAllowed("Administrator")
    public String admin() {
        return "admin";
    }

    /** @return for any authenticated caller */
    @GET
    @Path("anyone")
    @PermitAll
    public String anyone() {
        return "anyone";
    }

    /** @return for nobody */
    @GET
    @Path("nobody")
    @DenyAll
    public String nobody() {
        return "nobody";
    }

    /** @return for callers who may read devices */
    @GET
    @Path("inventory")
    @RequiresPermissions("device:read")
    public String inventory() {
        return "inventory";
    }

    /** @return for callers with any one of XIQ's permissions of a devices call: its own, its category's or its read */
    @GET
    @Path("devices")
    @RequiresAnyPermission({"device:list", "device", "device:read"})
    public String devices() {
        return "devices";
    }

    /** @return for callers with one permission of each set: the class has none, so only the method's */
    @GET
    @Path("devices/both")
    @RequiresAnyPermission({"device:list", "device:read"})
    @RequiresPermissions("device:write")
    public String both() {
        return "both";
    }

    /** A resource whose class requires a permission, and one method a second. */
    @Path("fleet")
    @Produces(MediaType.TEXT_PLAIN)
    @RequiresPermissions("device:read")
    public static class Fleet {
        /** @return under the class's permission */
        @GET
        public String list() {
            return "fleet";
        }

        /** @return under the class's permission and its own */
        @GET
        @Path("reboot")
        @RequiresPermissions("device:write")
        public String reboot() {
            return "rebooted";
        }
    }

    /** An interface naming a permission, as a generated resource interface would carry it. */
    @Path("firmware")
    public interface FirmwareApi {
        /** @return for callers who may write devices */
        @GET
        @Produces(MediaType.TEXT_PLAIN)
        @RequiresPermissions("device:write")
        String upgrade();
    }

    /** Implements {@link FirmwareApi} without repeating its annotations. */
    public static class Firmware implements FirmwareApi {
        @Override
        public String upgrade() {
            return "upgraded";
        }
    }
}
