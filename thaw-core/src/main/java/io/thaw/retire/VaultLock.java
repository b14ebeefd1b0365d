package io.thaw.retire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.GetVaultLockResponse;
import software.amazon.awssdk.services.glacier.model.ResourceNotFoundException;

/**
 * Whether the vault's Vault Lock policy (GetVaultLock, in progress or locked) forbids DeleteArchive.
 * Any Deny statement whose actions cover glacier:DeleteArchive refuses the retire, whatever its
 * condition (archive age, tags): thaw does not second-guess a compliance control.
 */
public final class VaultLock {

    private static final ObjectMapper JSON = new ObjectMapper();

    private VaultLock() {
    }

    /** Null when deletes are allowed; otherwise the refusal, naming the policy's statement. */
    public static String refusal(GlacierClient glacier, String account, String vault) {
        GetVaultLockResponse lock;
        try {
            lock = glacier.getVaultLock(b -> b.accountId(account).vaultName(vault));
        } catch (ResourceNotFoundException none) {
            return null;
        }
        return refusal(vault, lock.state(), lock.policy());
    }

    static String refusal(String vault, String state, String policy) {
        JsonNode doc;
        try {
            doc = JSON.readTree(policy == null ? "{}" : policy);
        } catch (java.io.IOException e) {
            return "vault '" + vault + "' has a Vault Lock policy (" + state + ") thaw cannot read (" + e.getMessage()
                    + ") — it refuses to delete rather than guess";
        }
        JsonNode statements = doc.path("Statement");
        for (JsonNode st : statements.isArray() ? statements : JSON.createArrayNode().add(statements)) {
            if (!"deny".equalsIgnoreCase(st.path("Effect").asText()) || !coversDelete(st.path("Action"))) {
                continue;
            }
            String sid = st.path("Sid").asText("");
            JsonNode cond = st.path("Condition");
            return "vault '" + vault + "' has a Vault Lock policy (" + state + ") that denies glacier:DeleteArchive"
                    + (sid.isEmpty() ? "" : " in statement '" + sid + "'")
                    + (cond.isMissingNode() || cond.isEmpty() ? "" : " when " + cond)
                    + " — a locked policy cannot be changed; archives stay until the policy allows deleting them";
        }
        return null;
    }

    private static boolean coversDelete(JsonNode action) {
        if (action.isArray()) {
            for (JsonNode a : action) {
                if (coversDelete(a)) {
                    return true;
                }
            }
            return false;
        }
        String a = action.asText("").toLowerCase(Locale.ROOT);
        return a.equals("*") || a.equals("glacier:*") || a.equals("glacier:deletearchive")
                || (a.startsWith("glacier:") && a.endsWith("*") && "deletearchive".startsWith(a.substring(8, a.length() - 1)));
    }
}
