package io.thaw.notice;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code arn:<partition>:glacier:<region>:<account>:vaults/<name>}, split into its parts. */
public record VaultArn(String partition, String region, String account, String vaultName) {

    private static final Pattern ARN = Pattern.compile(
            "arn:(aws[a-z-]*):glacier:([a-z0-9-]+):([0-9]{12}):vaults/([A-Za-z0-9_.-]{1,255})");

    /** @return the parts, or null when {@code arn} is not a Glacier vault ARN */
    public static VaultArn parse(String arn) {
        Matcher m = ARN.matcher(arn);
        return m.matches() ? new VaultArn(m.group(1), m.group(2), m.group(3), m.group(4)) : null;
    }

    @Override
    public String toString() {
        return "arn:" + partition + ":glacier:" + region + ":" + account + ":vaults/" + vaultName;
    }
}
