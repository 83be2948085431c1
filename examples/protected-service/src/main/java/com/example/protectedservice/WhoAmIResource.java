package com.example.protectedservice;

import dev.xiqauth.guard.XiqPrincipal;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.LinkedHashMap;
import java.util.Map;

/** The caller, as the auth server described its token: for any valid token. */
@Path("whoami")
@Produces(MediaType.APPLICATION_JSON)
public final class WhoAmIResource {
    @GET
    public Map<String, Object> whoami(@Context SecurityContext security) {
        XiqPrincipal caller = XiqPrincipal.of(security);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("name", caller.getName());
        answer.put("role", caller.role());
        answer.put("scopes", caller.scopes());
        return answer;
    }
}
