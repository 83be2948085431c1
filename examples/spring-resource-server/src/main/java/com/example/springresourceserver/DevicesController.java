package com.example.springresourceserver;

import java.util.List;
import java.util.Map;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What the caller sees: who the server says they are, and the devices for those who may read them. */
@RestController
class DevicesController {

    @GetMapping("/whoami")
    Map<String, Object> whoami(@AuthenticationPrincipal OAuth2AuthenticatedPrincipal caller) {
        return Map.of("name", caller.getName(), "role", String.valueOf(caller.getAttributes().get("role")),
                "authorities", caller.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().toList());
    }

    @GetMapping("/devices")
    List<Map<String, String>> devices() {
        return List.of(Map.of("serial", "AP-0001", "model", "AP5010"));
    }
}
