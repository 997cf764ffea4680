package org.ferry.sandbox.internal.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import org.ferry.sandbox.internal.http.ApiResponse;

/**
 * Checks client assertions as Azure AD does for certificate credentials: a JWT signed (RS256 or PS256) with the key
 * of a certificate registered for the application, found by its {@code x5t#S256} (or SHA-1 {@code x5t}) thumbprint,
 * with {@code aud} the token endpoint, {@code iss} = {@code sub} = the client id, and a valid time range. Each
 * refusal carries the AADSTS code Azure AD documents for it (AADSTS700027 signature, 700024 time range, 700023
 * audience, 700021 application, 50048 subject, 50027 malformed).
 */
final class ClientAssertions {
    static final String TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    /** Clock skew Azure AD tolerates on nbf and exp (not documented; five minutes is the usual allowance). */
    private static final Duration SKEW = Duration.ofMinutes(5);
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256);

    private final X509Certificate certificate;
    private final Clock clock;

    /** @param certificatePem the registered certificate, or {@code null} when the application has none */
    ClientAssertions(String certificatePem, Clock clock) {
        this.certificate = certificatePem == null ? null : parse(certificatePem);
        this.clock = clock;
    }

    private static X509Certificate parse(String pem) {
        String base64 = pem.substring(pem.indexOf("-----BEGIN CERTIFICATE-----") + 27, pem.indexOf("-----END CERTIFICATE-----"));
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(Base64.getMimeDecoder().decode(base64.replaceAll("\\s+", ""))));
        } catch (Exception e) {
            throw new IllegalArgumentException("the sandbox's client-certificate is not a readable X.509 certificate", e);
        }
    }

    /**
     * @param tokenUrl the URL the assertion was posted to, its only acceptable audience
     * @return the refusal, or {@code null} when the assertion proves the client
     */
    ApiResponse check(String type, String assertion, String clientId, String tokenUrl) {
        if (!TYPE.equals(type)) {
            return TokenEndpoint.error(400, "invalid_request", "AADSTS9002313: Invalid request. Request is malformed or"
                    + " invalid: client_assertion_type must be " + TYPE + ".");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(assertion);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return TokenEndpoint.error(400, "invalid_request", "AADSTS50027: JWT token is invalid or malformed.");
        }
        JWSHeader header = jwt.getHeader();
        if (!ALGORITHMS.contains(header.getAlgorithm())) {
            return TokenEndpoint.error(400, "invalid_request", "AADSTS50027: JWT token is invalid or malformed: algorithm "
                    + header.getAlgorithm() + " is not supported.");
        }
        Base64URL thumbprint = header.getX509CertSHA256Thumbprint() != null ? header.getX509CertSHA256Thumbprint()
                : header.getX509CertThumbprint();
        if (certificate == null || thumbprint == null || !thumbprint.equals(thumbprint(header.getX509CertSHA256Thumbprint() != null))) {
            return invalidSignature("The key was not found.", thumbprint, clientId);
        }
        try {
            if (!jwt.verify(new RSASSAVerifier((RSAPublicKey) certificate.getPublicKey()))) {
                return invalidSignature("The provided signature value did not match the expected signature value.",
                        thumbprint, clientId);
            }
        } catch (JOSEException e) {
            return invalidSignature("The signature could not be verified.", thumbprint, clientId);
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(tokenUrl)) {
            return TokenEndpoint.error(401, "invalid_client", "AADSTS700023: Client assertion audience claim does not match"
                    + " Realm issuer. Review the documentation at https://learn.microsoft.com/entra/identity-platform/"
                    + "certificate-credentials.");
        }
        if (claims.getIssuer() == null || !claims.getIssuer().equals(claims.getSubject())) {
            return TokenEndpoint.error(401, "invalid_client", "AADSTS50048: Subject mismatches Issuer claim in the client"
                    + " assertion.");
        }
        if (!claims.getIssuer().equals(clientId)) {
            return TokenEndpoint.error(401, "invalid_client", "AADSTS700021: Client assertion application identifier"
                    + " doesn't match 'client_id' parameter.");
        }
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        Date nbf = claims.getNotBeforeTime();
        if (exp == null || now.isAfter(exp.toInstant().plus(SKEW)) || nbf != null && now.isBefore(nbf.toInstant().minus(SKEW))) {
            return TokenEndpoint.error(401, "invalid_client", "AADSTS700024: Client assertion is not within its valid time"
                    + " range. Current time: " + now + ", assertion valid from " + (nbf == null ? "-" : nbf.toInstant())
                    + ", expiry time of assertion " + (exp == null ? "-" : exp.toInstant()) + ".");
        }
        return null;
    }

    private ApiResponse invalidSignature(String reason, Base64URL thumbprint, String clientId) {
        String used = thumbprint == null ? "none" : HexFormat.of().formatHex(thumbprint.decode()).toUpperCase(Locale.ROOT);
        return TokenEndpoint.error(401, "invalid_client", "AADSTS700027: Client assertion failed signature validation. "
                + "[Reason - " + reason + ", Thumbprint of key used by client: '" + used + "', Please visit the Azure "
                + "Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '" + clientId + "'.]");
    }

    private Base64URL thumbprint(boolean sha256) {
        try {
            return Base64URL.encode(MessageDigest.getInstance(sha256 ? "SHA-256" : "SHA-1").digest(certificate.getEncoded()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot hash the registered certificate", e);
        }
    }
}
