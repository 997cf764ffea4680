package org.ferry.connectors.common.http;

import java.net.URI;
import java.util.Map;

/**
 * How a confidential client proves who it is to the Azure AD token endpoint: a client secret, or a client
 * assertion signed with a certificate's key. Implementations hold secrets and never show them.
 */
public interface ClientProof {

    /**
     * @param tokenUrl the endpoint the proof is for (an assertion names it as its audience)
     * @return the form fields that prove the client's identity in one token request
     */
    Map<String, String> form(URI tokenUrl, String clientId);

    /** @return the configuration field holding the proof, which a refusal is shown against */
    String field();

    /** @return {@code text} with anything of the proof masked, for text an endpoint might have echoed */
    String scrub(String text);

    /** A client secret. */
    static ClientProof secret(String secret) {
        return new ClientProof() {
            @Override
            public Map<String, String> form(URI tokenUrl, String clientId) {
                return Map.of("client_secret", secret);
            }

            @Override
            public String field() {
                return ServiceConfig.CLIENT_SECRET;
            }

            @Override
            public String scrub(String text) {
                return Secrets.scrub(text, secret);
            }

            @Override
            public String toString() {
                return "ClientProof[secret]";
            }
        };
    }
}
