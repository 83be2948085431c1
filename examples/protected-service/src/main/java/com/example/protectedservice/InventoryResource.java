package com.example.protectedservice;

import dev.xiqauth.guard.RequiresAnyPermission;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * The devices: as XIQ allows its {@code GET /devices}, for callers whose token carries {@code device:list},
 * {@code device} or {@code device:r}; any other valid token gets 403.
 */
@Path("inventory")
@Produces(MediaType.APPLICATION_JSON)
public final class InventoryResource {
    @GET
    @RequiresAnyPermission({"device:list", "device", "device:r"})
    public List<Map<String, String>> inventory() {
        return List.of(Map.of("serial", "AP-0001", "model", "AP5010"), Map.of("serial", "SW-0002", "model", "5520"));
    }
}
