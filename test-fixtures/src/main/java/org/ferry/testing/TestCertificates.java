package org.ferry.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed RSA certificates with their keys, as PEM, for tests of certificate credentials. Made by the JDK's own
 * {@code keytool} when asked, so no private key lives in the repository.
 */
public final class TestCertificates {
    private static final char[] PASSWORD = "changeit".toCharArray();

    private TestCertificates() {
    }

    /**
     * A certificate and its key.
     *
     * @param certificatePem {@code -----BEGIN CERTIFICATE-----}
     * @param keyPem         the key as PKCS#8, {@code -----BEGIN PRIVATE KEY-----}
     * @param rsaKeyPem      the same key as PKCS#1, {@code -----BEGIN RSA PRIVATE KEY-----} (older OpenSSL's form)
     */
    public record Pair(String certificatePem, String keyPem, String rsaKeyPem, X509Certificate certificate) {
        @Override
        public String toString() {
            return "TestCertificates.Pair[" + certificate.getSubjectX500Principal() + "]";
        }
    }

    /** A certificate valid for a hundred years. */
    public static Pair generate(String commonName) {
        return generate(commonName, List.of("-validity", "36500"));
    }

    /** A certificate that expired yesterday. */
    public static Pair expired(String commonName) {
        return generate(commonName, List.of("-startdate", "-3d", "-validity", "2"));
    }

    private static Pair generate(String commonName, List<String> validity) {
        try {
            Path dir = Files.createTempDirectory("ferry-cert");
            Path store = dir.resolve("cert.p12");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                    .toString(), "-genkeypair", "-alias", "app", "-keyalg", "RSA", "-keysize", "2048", "-dname",
                    "CN=" + commonName, "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass",
                    new String(PASSWORD), "-keypass", new String(PASSWORD)));
            command.addAll(validity);
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                ks.load(in, PASSWORD);
            }
            X509Certificate cert = (X509Certificate) ks.getCertificate("app");
            PrivateKey key = (PrivateKey) ks.getKey("app", PASSWORD);
            Files.delete(store);
            Files.delete(dir);
            byte[] pkcs8 = key.getEncoded();
            return new Pair(pem("CERTIFICATE", cert.getEncoded()), pem("PRIVATE KEY", pkcs8),
                    pem("RSA PRIVATE KEY", pkcs1(pkcs8)), cert);
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a test certificate", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** The RSAPrivateKey inside a PKCS#8 PrivateKeyInfo: its OCTET STRING after the version and algorithm. */
    private static byte[] pkcs1(byte[] pkcs8) {
        int[] at = {0};
        header(pkcs8, at);                    // SEQUENCE
        for (int skipped = 0; skipped < 2; skipped++) {
            int n = header(pkcs8, at);        // INTEGER version, then SEQUENCE algorithm
            at[0] += n;
        }
        int n = header(pkcs8, at);            // OCTET STRING
        return Arrays.copyOfRange(pkcs8, at[0], at[0] + n);
    }

    /** Reads a tag and length at {@code at}, leaves {@code at} at the content, returns its length. */
    private static int header(byte[] der, int[] at) {
        at[0]++;
        int first = der[at[0]++] & 0xff;
        if (first < 0x80) {
            return first;
        }
        int n = 0;
        for (int i = 0; i < (first & 0x7f); i++) {
            n = (n << 8) | (der[at[0]++] & 0xff);
        }
        return n;
    }
}
