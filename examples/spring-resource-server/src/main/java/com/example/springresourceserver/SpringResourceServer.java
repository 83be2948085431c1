package com.example.springresourceserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.oauth2.server.resource.introspection.SpringOpaqueTokenIntrospector;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.client.RestTemplate;

/**
 * A Spring Boot resource server that trusts the XIQ Authentication server through Spring Security's own
 * opaque-token support: every request's Bearer token is introspected (RFC 7662, {@code POST /oauth2/introspect}),
 * authenticated with this service's own credential, an API token holding {@code token:introspect}, read from the
 * file {@code xiq.credential-file} names. Nothing is cached, so a logout at the server is refused here on the very
 * next request.
 *
 * <pre>
 * java -jar target/spring-resource-server.jar --server.port=8092 \
 *   --xiq.introspection-uri=http://127.0.0.1:8081/oauth2/introspect --xiq.credential-file=/run/secrets/devices
 * </pre>
 */
@SpringBootApplication
public class SpringResourceServer {

    public static void main(String[] args) {
        SpringApplication.run(SpringResourceServer.class, args);
    }

    /** {@code GET /devices} needs XIQ's read permission of its Device category; every request a valid token. */
    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/devices").hasAnyAuthority("SCOPE_device:list", "SCOPE_device", "SCOPE_device:r")
                        .anyRequest().authenticated())
                .oauth2ResourceServer(server -> server.opaqueToken(Customizer.withDefaults()))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    /** Spring's introspector, presenting this service's credential as its Bearer token, as the server asks. */
    @Bean
    OpaqueTokenIntrospector introspector(@Value("${xiq.introspection-uri}") String introspectionUri,
            @Value("${xiq.credential-file}") Path credentialFile) throws IOException {
        String credential = Files.readString(credentialFile).strip();
        RestTemplate rest = new RestTemplate();
        rest.getInterceptors().add((request, body, execution) -> {
            request.getHeaders().setBearerAuth(credential);
            return execution.execute(request, body);
        });
        return new SpringOpaqueTokenIntrospector(introspectionUri, rest);
    }
}
