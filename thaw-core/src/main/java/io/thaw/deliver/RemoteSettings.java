package io.thaw.deliver;

import java.nio.file.Path;

/**
 * How to log in to an FTP, FTPS or SFTP server. Comes from configuration or the environment only,
 * never from a request file, so a request cannot point thaw at someone else's credentials.
 *
 * @param privateKeyFile        SFTP: private key (OpenSSH, PEM or PKCS#8) used instead of or besides the password
 * @param strictHostKeyChecking SFTP: refuse servers whose host key is not in the known-hosts file
 * @param knownHostsFile        SFTP: known-hosts file; null means ~/.ssh/known_hosts
 * @param implicitTls           FTPS: TLS from the first byte (port 990 style) instead of AUTH TLS
 * @param trustStore            FTPS: trust store (PKCS12 or JKS) for the server certificate; null = JDK default
 */
public record RemoteSettings(String username, String password, Path privateKeyFile, String privateKeyPassphrase,
                             Path knownHostsFile,
                             boolean strictHostKeyChecking, boolean implicitTls, Path trustStore,
                             String trustStorePassword) {

    /** No secret in toString: records print every field by default. */
    @Override
    public String toString() {
        return "RemoteSettings[username=" + username + ", password=" + (password == null ? "unset" : "set")
                + ", privateKeyFile=" + privateKeyFile + ", knownHostsFile=" + knownHostsFile
                + ", strictHostKeyChecking=" + strictHostKeyChecking + ", implicitTls=" + implicitTls
                + ", trustStore=" + trustStore + "]";
    }
}
