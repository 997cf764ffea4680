package org.ferry.connectors.common.http;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ferry.api.error.FieldProblem;

/**
 * An application's X.509 certificate and its RSA private key, both entered as PEM. Checked before use, so a wrong
 * paste is named at save time rather than as a refusal from Azure AD: the certificate must parse and be within its
 * validity, the key must be an unencrypted RSA key of at least 2048 bits (Azure AD's minimum) and belong to the
 * certificate.
 *
 * <p>Form fields lose line breaks (single-line inputs strip them), so the PEM text between the markers is read with
 * all whitespace ignored. Keys in PKCS#8 ({@code BEGIN PRIVATE KEY}) and PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, as
 * older OpenSSL writes them) are accepted; an encrypted key is refused with how to export it plain, since the field
 * itself is stored encrypted.
 */
public final class ClientCertificate {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final int MIN_KEY_BITS = 2048;

    private final X509Certificate certificate;
    private final RSAPrivateKey key;

    private ClientCertificate(X509Certificate certificate, RSAPrivateKey key) {
        this.certificate = certificate;
        this.key = key;
    }

    /** The outcome of reading the two fields: a certificate, or what is wrong with them. */
    public record Parsed(ClientCertificate certificate, List<FieldProblem> problems) {
    }

    /**
     * @param certificateField the field holding the certificate, for problems
     * @param keyField         the field holding the key, for problems; its value never appears in them
     */
    public static Parsed parse(String certificatePem, String keyPem, String certificateField, String keyField,
                               Instant now) {
        List<FieldProblem> problems = new ArrayList<>();
        X509Certificate cert = null;
        RSAPrivateKey key = null;
        try {
            cert = certificate(certificatePem);
            if (now.isAfter(cert.getNotAfter().toInstant())) {
                problems.add(new FieldProblem(certificateField, "expired on " + cert.getNotAfter().toInstant()
                        + "; upload a new certificate to the app registration and enter it here"));
            } else if (now.isBefore(cert.getNotBefore().toInstant())) {
                problems.add(new FieldProblem(certificateField, "is not valid before " + cert.getNotBefore().toInstant()));
            }
            if (!(cert.getPublicKey() instanceof RSAPublicKey)) {
                problems.add(new FieldProblem(certificateField, "must hold an RSA key; Azure AD accepts RSA certificates"));
                cert = null;
            }
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem(certificateField, e.getMessage()));
        }
        try {
            key = key(keyPem);
        } catch (IllegalArgumentException e) {
            problems.add(new FieldProblem(keyField, e.getMessage()));
        }
        if (cert != null && key != null && !((RSAPublicKey) cert.getPublicKey()).getModulus().equals(key.getModulus())) {
            problems.add(new FieldProblem(keyField, "does not belong to the certificate (subject "
                    + cert.getSubjectX500Principal().getName() + ", SHA-256 thumbprint " + hex(sha256(cert)) + ")"));
        }
        return problems.isEmpty() ? new Parsed(new ClientCertificate(cert, key), List.of()) : new Parsed(null, problems);
    }

    /** @throws IllegalArgumentException with a message for the user */
    static X509Certificate certificate(String pem) {
        byte[] der = block(pem, "CERTIFICATE", "is not a PEM certificate: paste the text from -----BEGIN CERTIFICATE----- "
                + "to -----END CERTIFICATE-----");
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalArgumentException("is not a readable X.509 certificate");
        }
    }

    /** @throws IllegalArgumentException with a message for the user, never holding any of the key */
    static RSAPrivateKey key(String pem) {
        String text = pem == null ? "" : pem;
        if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") || text.contains("Proc-Type: 4,ENCRYPTED")) {
            throw new IllegalArgumentException("is encrypted; export it without a passphrase (for example openssl pkcs8 "
                    + "-topk8 -nocrypt): Ferry stores this field encrypted");
        }
        byte[] pkcs8;
        Matcher m = BLOCK.matcher(text);
        String type = m.find() ? m.group(1) : "";
        if (type.equals("RSA PRIVATE KEY")) {
            pkcs8 = pkcs1ToPkcs8(decode(m.group(2), "is not a readable RSA private key"));
        } else if (type.equals("PRIVATE KEY")) {
            pkcs8 = decode(m.group(2), "is not a readable private key");
        } else {
            // a combined file (key and certificate in one) may put the certificate first
            pkcs8 = block(text, "PRIVATE KEY", "is not a PEM private key: paste the text from -----BEGIN PRIVATE KEY----- "
                    + "to -----END PRIVATE KEY-----");
        }
        try {
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            RSAPrivateKey rsa = (RSAPrivateKey) key;
            if (rsa.getModulus().bitLength() < MIN_KEY_BITS) {
                throw new IllegalArgumentException("is a " + rsa.getModulus().bitLength() + "-bit key; Azure AD needs at least "
                        + MIN_KEY_BITS + " bits");
            }
            return rsa;
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("is not an RSA private key; Azure AD accepts RSA certificates");
        }
    }

    private static byte[] block(String pem, String type, String problem) {
        Matcher m = BLOCK.matcher(pem == null ? "" : pem);
        while (m.find()) {
            if (m.group(1).equals(type)) {
                return decode(m.group(2), problem);
            }
        }
        throw new IllegalArgumentException(problem);
    }

    private static byte[] decode(String base64, String problem) {
        try {
            return Base64.getMimeDecoder().decode(base64.replaceAll("\\s+", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(problem);
        }
    }

    /**
     * Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo, which is all the JDK reads:
     * {@code SEQUENCE { INTEGER 0, SEQUENCE { OID rsaEncryption, NULL }, OCTET STRING { pkcs1 } }}.
     */
    private static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
        byte[] algorithm = {0x02, 0x01, 0x00, 0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7,
                0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
        byte[] octets = der(0x04, pkcs1);
        byte[] body = new byte[algorithm.length + octets.length];
        System.arraycopy(algorithm, 0, body, 0, algorithm.length);
        System.arraycopy(octets, 0, body, algorithm.length, octets.length);
        return der(0x30, body);
    }

    private static byte[] der(int tag, byte[] content) {
        int n = content.length;
        byte[] length = n < 0x80 ? new byte[] {(byte) n}
                : n < 0x100 ? new byte[] {(byte) 0x81, (byte) n}
                : n < 0x10000 ? new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n}
                : new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
        byte[] out = new byte[1 + length.length + n];
        out[0] = (byte) tag;
        System.arraycopy(length, 0, out, 1, length.length);
        System.arraycopy(content, 0, out, 1 + length.length, n);
        return out;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    RSAPrivateKey key() {
        return key;
    }

    /** @return the certificate's and the key's encodings, to be digested into an identity, never shown */
    byte[] proofBytes() {
        try {
            byte[] cert = certificate.getEncoded();
            byte[] k = key.getEncoded();
            byte[] both = java.util.Arrays.copyOf(cert, cert.length + k.length);
            System.arraycopy(k, 0, both, cert.length, k.length);
            return both;
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode the certificate", e);
        }
    }

    /** @return the SHA-256 hash of the certificate's DER encoding: its {@code x5t#S256} thumbprint */
    public byte[] thumbprintSha256() {
        return sha256(certificate);
    }

    static byte[] sha256(X509Certificate cert) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
        } catch (NoSuchAlgorithmException | java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("cannot hash the certificate", e);
        }
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes).toUpperCase(Locale.ROOT);
    }

    /** The certificate only: the key never appears in text. */
    @Override
    public String toString() {
        return "ClientCertificate[" + certificate.getSubjectX500Principal().getName() + ", SHA-256 "
                + hex(thumbprintSha256()) + "]";
    }
}
