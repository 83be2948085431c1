package dev.xiqauth.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.xiqauth.server.token.SigningKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Tokens an attacker could present: each is wrong in exactly one way. */
public final class ForgedTokens {
    private ForgedTokens() {
    }

    /** @return claims as the server issues them, valid from {@code issuedAt} for a day */
    public static JWTClaimsSet.Builder validClaims(Instant issuedAt) {
        return new JWTClaimsSet.Builder()
                .subject(TestServers.USERNAME)
                .claim("user_id", TestServers.USER_ID)
                .claim("role", "ADMINISTRATOR")
                .jwtID("0123456789abcdef0123456789abcdef")
                .issuer(TestServers.ISSUER)
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(issuedAt.plus(TestServers.LIFETIME)))
                .claim("quota", "7500;w=3600");
    }

    /** @return the claims signed with HS256 by the given key, named as the server names its key */
    public static String sign(JWTClaimsSet claims, SigningKey key, JWSAlgorithm algorithm) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(TestServers.KEY.keyId()).build(),
                    claims);
            jwt.sign(new MACSigner(key.secret()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @return the claims signed with HMAC-SHA512 under the server's 256-bit key, which a JOSE library
     *     refuses to do (HS512 wants 512 bits), so it is done by hand
     */
    public static String signHs512(JWTClaimsSet claims, SigningKey key) {
        return hmacSigned("{\"alg\":\"HS512\",\"kid\":\"" + key.keyId() + "\"}", claims.toString(), key, "HmacSHA512");
    }

    /** @return the claims with {@code "alg":"none"} and an empty signature (RFC 7519 unsecured JWT) */
    public static String unsigned(JWTClaimsSet claims, String algName) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = "{\"alg\":\"" + algName + "\",\"kid\":\"" + TestServers.KEY.keyId() + "\"}";
        return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8)) + ".";
    }

    /** @return the token with its header replaced, payload and signature kept */
    public static String withHeader(String token, String headerJson) {
        String[] parts = token.split("\\.");
        return Base64.getUrlEncoder().withoutPadding().encodeToString(headerJson.getBytes(StandardCharsets.UTF_8))
                + "." + parts[1] + "." + parts[2];
    }

    /** @return the header and payload, exactly as given, with a valid HS256 signature by the key */
    public static String signRaw(String headerJson, String payloadJson, SigningKey key) {
        return hmacSigned(headerJson, payloadJson, key, "HmacSHA256");
    }

    private static String hmacSigned(String headerJson, String payloadJson, SigningKey key, String macAlgorithm) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance(macAlgorithm);
            mac.init(new SecretKeySpec(key.secret(), macAlgorithm));
            return signingInput + "." + b64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the token with its payload replaced, signature kept */
    public static String withPayloadReplaced(String token, JWTClaimsSet claims) {
        String[] parts = token.split("\\.");
        String payload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        return parts[0] + "." + payload + "." + parts[2];
    }
}
