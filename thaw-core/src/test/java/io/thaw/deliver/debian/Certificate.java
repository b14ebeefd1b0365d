package io.thaw.deliver.debian;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A self-signed server certificate for 127.0.0.1 as PEM files (what vsftpd reads), made by openssl, and
 * a PKCS12 trust store holding it (what thaw's trust-store setting reads), made by the JDK's keytool.
 */
public final class Certificate {

    public static final String TRUST_PASSWORD = "changeit";

    public final Path certPem;
    public final Path keyPem;
    public final Path trustStore;

    public Certificate(Path dir) throws IOException {
        certPem = dir.resolve("server.crt");
        keyPem = dir.resolve("server.key");
        trustStore = dir.resolve("trust.p12");
        Commands.run(Commands.program("/usr/bin/openssl", "openssl"), "req", "-x509", "-newkey", "rsa:2048",
                "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                "-keyout", keyPem.toString(), "-out", certPem.toString());
        Commands.run(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-importcert", "-noprompt",
                "-alias", "server", "-file", certPem.toString(), "-storetype", "PKCS12",
                "-keystore", trustStore.toString(), "-storepass", TRUST_PASSWORD);
    }
}
