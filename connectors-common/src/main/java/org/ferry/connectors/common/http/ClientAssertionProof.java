package org.ferry.connectors.common.http;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import org.ferry.api.error.ConnectorException;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Proves the client's identity with a certificate: a JWT client assertion signed with the certificate's key, as
 * Microsoft's "certificate credentials" page describes it. Header {@code alg} PS256 (RSASSA-PSS with SHA-256, what
 * the page asks for today; it asked for RS256 with a SHA-1 {@code x5t} before), {@code typ} JWT and {@code x5t#S256},
 * the certificate's SHA-256 thumbprint, by which Azure AD finds the registered certificate. Claims: {@code aud} the
 * token endpoint, {@code iss} and {@code sub} the client id, a fresh {@code jti}, {@code nbf} and {@code iat} now,
 * {@code exp} ten minutes on ("5-10 minutes after nbf at most"). Signed by nimbus-jose-jwt; a new assertion for every
 * token request.
 */
final class ClientAssertionProof implements ClientProof {
    static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final Duration LIFETIME = Duration.ofMinutes(10);

    private final ClientCertificate certificate;
    private final Clock clock;

    ClientAssertionProof(ClientCertificate certificate, Clock clock) {
        this.certificate = certificate;
        this.clock = clock;
    }

    @Override
    public Map<String, String> form(URI tokenUrl, String clientId) {
        return Map.of("client_assertion_type", ASSERTION_TYPE, "client_assertion", sign(tokenUrl, clientId));
    }

    String sign(URI tokenUrl, String clientId) {
        Instant now = clock.instant();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.PS256).type(JOSEObjectType.JWT)
                .x509CertSHA256Thumbprint(Base64URL.encode(certificate.thumbprintSha256())).build();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().audience(tokenUrl.toString()).issuer(clientId).subject(clientId)
                .jwtID(UUID.randomUUID().toString()).notBeforeTime(Date.from(now)).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(LIFETIME))).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(new RSASSASigner(certificate.key()));
        } catch (JOSEException e) {
            throw new ConnectorException("the client assertion could not be signed with the certificate's key ("
                    + e.getClass().getSimpleName() + ")");
        }
        return jwt.serialize();
    }

    @Override
    public String field() {
        return ServiceConfig.CLIENT_CERTIFICATE;
    }

    /** Nothing secret goes into a refusal: the assertion is signed, not the key, and it expires in minutes. */
    @Override
    public String scrub(String text) {
        return text;
    }

    @Override
    public String toString() {
        return "ClientProof[" + certificate + "]";
    }
}
