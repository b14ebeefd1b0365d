package io.thaw.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Vault Lock: InitiateVaultLock (policy attached, InProgress, 24 h to complete), CompleteVaultLock
 * (Locked, immutable), AbortVaultLock (InProgress only) and GetVaultLock. The policy is enforced in
 * both states, as on AWS: a Deny statement covering glacier:DeleteArchive refuses the delete with
 * AccessDeniedException, honouring a {@code glacier:ArchiveAgeInDays} numeric condition; any other
 * condition is taken as met.
 */
final class VaultLocks {

    private record Lock(String id, String policy, String state, Instant created) {
    }

    private final Map<String, Lock> locks = new ConcurrentHashMap<>();
    private final String accountId;

    VaultLocks(String accountId) {
        this.accountId = accountId;
    }

    /** Parses a request body (only InitiateVaultLock has one). */
    interface Body {
        JsonNode read() throws java.io.IOException;
    }

    /** The four Vault Lock operations, routed here by {@link GlacierApi}. */
    void serve(com.sun.net.httpserver.HttpExchange ex, String route, VaultStore vaults, String vault, String lockId,
               Body body, java.util.function.Consumer<String> op) throws java.io.IOException {
        op.accept(switch (route) {
            case "POST vaults/*/lock-policy" -> "InitiateVaultLock";
            case "POST vaults/*/lock-policy/*" -> "CompleteVaultLock";
            case "DELETE vaults/*/lock-policy" -> "AbortVaultLock";
            default -> "GetVaultLock";
        });
        vaults.get(vault);
        String arn = vaults.arn(vault);
        switch (route) {
            case "POST vaults/*/lock-policy" -> {
                ex.getResponseHeaders().set("x-amz-lock-id", initiate(vault, arn, body.read()));
                Replies.empty(ex, 201);
            }
            case "POST vaults/*/lock-policy/*" -> {
                complete(vault, arn, lockId);
                Replies.empty(ex, 204);
            }
            case "DELETE vaults/*/lock-policy" -> {
                abort(vault, arn);
                Replies.empty(ex, 204);
            }
            default -> {
                Replies.json(ex, 200, describe(vault, arn));
            }
        }
    }

    String initiate(String vault, String arn, JsonNode body) {
        String policy = body.path("Policy").asText(null);
        if (policy == null) {
            throw GlacierException.missing("Policy");
        }
        try {
            Replies.JSON.readTree(policy);
        } catch (java.io.IOException e) {
            throw GlacierException.invalid("Invalid vault lock policy: not valid JSON");
        }
        Lock old = locks.get(vault);
        if (old != null && expired(old)) {
            locks.remove(vault);
            old = null;
        }
        if (old != null) {
            throw GlacierException.invalid("Vault lock for " + arn + " is in " + old.state() + " state");
        }
        String id = Ids.requestId();
        locks.put(vault, new Lock(id, policy, "InProgress", Instant.now()));
        return id;
    }

    void complete(String vault, String arn, String lockId) {
        Lock l = locks.get(vault);
        if (l == null || expired(l) || !l.id().equals(lockId)) {
            throw GlacierException.invalid("Invalid lock id: " + lockId + " for " + arn);
        }
        locks.put(vault, new Lock(l.id(), l.policy(), "Locked", l.created()));
    }

    void abort(String vault, String arn) {
        Lock l = locks.get(vault);
        if (l != null && "Locked".equals(l.state())) {
            throw GlacierException.invalid("Vault lock for " + arn + " is in Locked state and cannot be aborted");
        }
        locks.remove(vault);
    }

    Map<String, Object> describe(String vault, String arn) {
        Lock l = locks.get(vault);
        if (l == null || expired(l)) {
            throw GlacierException.notFound("No vault lock policy found for vault: " + arn);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Policy", l.policy());
        m.put("State", l.state());
        m.put("ExpirationDate", "InProgress".equals(l.state()) ? Replies.iso(l.created().plus(Duration.ofDays(1))) : null);
        m.put("CreationDate", Replies.iso(l.created()));
        return m;
    }

    /** Throws AccessDeniedException when the vault's lock policy denies deleting an archive of this age. */
    void checkDelete(String vault, String arn, Instant archiveCreated) {
        Lock l = locks.get(vault);
        if (l == null || expired(l)) {
            return;
        }
        JsonNode doc;
        try {
            doc = Replies.JSON.readTree(l.policy());
        } catch (java.io.IOException e) {
            return; // refused at InitiateVaultLock
        }
        JsonNode st = doc.path("Statement");
        for (JsonNode s : st.isArray() ? st : Replies.JSON.createArrayNode().add(st)) {
            if ("Deny".equalsIgnoreCase(s.path("Effect").asText()) && coversDelete(s.path("Action"))
                    && conditionHolds(s.path("Condition"), archiveCreated)) {
                throw GlacierException.accessDenied("User: arn:aws:iam::" + accountId + ":root is not authorized to"
                        + " perform: glacier:DeleteArchive on resource: " + arn + " with an explicit deny");
            }
        }
    }

    private static boolean expired(Lock l) {
        return "InProgress".equals(l.state()) && l.created().plus(Duration.ofDays(1)).isBefore(Instant.now());
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
        return a.equals("*") || a.equals("glacier:*") || a.equals("glacier:deletearchive");
    }

    private static boolean conditionHolds(JsonNode condition, Instant created) {
        if (condition.isMissingNode() || condition.isEmpty()) {
            return true;
        }
        double age = java.time.Duration.between(created, Instant.now()).toSeconds() / 86400.0;
        for (var op : (Iterable<Map.Entry<String, JsonNode>>) condition::fields) {
            JsonNode v = op.getValue().path("glacier:ArchiveAgeInDays");
            if (v.isMissingNode()) {
                continue;
            }
            double limit = v.asDouble();
            boolean holds = switch (op.getKey()) {
                case "NumericLessThan" -> age < limit;
                case "NumericLessThanEquals" -> age <= limit;
                case "NumericGreaterThan" -> age > limit;
                case "NumericGreaterThanEquals" -> age >= limit;
                case "NumericEquals" -> age == limit;
                default -> true;
            };
            if (!holds) {
                return false;
            }
        }
        return true;
    }
}
