package io.thaw.deliver;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A self-signed server key for 127.0.0.1 and a trust store holding its certificate, made with the JDK's keytool. */
final class TestKeyStores {

    static final String PASSWORD = "changeit";

    final Path keyStore;
    final Path trustStore;

    TestKeyStores(Path dir) throws IOException, InterruptedException {
        this(dir, "127.0.0.1", "ip:127.0.0.1");
    }

    /** @param san the certificate's subjectAltName, e.g. {@code ip:127.0.0.1} or {@code dns:other.example} */
    TestKeyStores(Path dir, String commonName, String san) throws IOException, InterruptedException {
        keyStore = dir.resolve("server.p12");
        trustStore = dir.resolve("trust.p12");
        Path cert = dir.resolve("server.crt");
        keytool("-genkeypair", "-alias", "ftps", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=" + commonName, "-ext", "san=" + san, "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-alias", "ftps", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "ftps", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", trustStore.toString(), "-storepass", PASSWORD);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + out);
        }
    }
}
