package io.thaw.plan;

import io.thaw.inventory.InventoryItem;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which archives of an inventory a plan or a run takes: description glob or regex, size range,
 * creation-date range (after inclusive, before exclusive, like Glacier's range inventory) and an
 * explicit id list. Every condition given must hold; none given selects everything.
 *
 * @param ids archive ids to take, or null for no id condition (an id list is small next to an
 *            inventory: it is held in memory)
 */
public record ArchiveFilter(Pattern description, Long minSize, Long maxSize, Instant createdAfter,
                            Instant createdBefore, Set<String> ids) {

    public static final ArchiveFilter ALL = new ArchiveFilter(null, null, null, null, null, null);

    public boolean matches(InventoryItem it) {
        return (description == null || description.matcher(it.description()).matches())
                && (minSize == null || it.size() >= minSize)
                && (maxSize == null || it.size() <= maxSize)
                && (createdAfter == null || it.creationDate() == null || !it.creationDate().isBefore(createdAfter))
                && (createdBefore == null || it.creationDate() == null || it.creationDate().isBefore(createdBefore))
                && (ids == null || ids.contains(it.archiveId()));
    }

    public boolean selectsAll() {
        return description == null && minSize == null && maxSize == null && createdAfter == null
                && createdBefore == null && ids == null;
    }

    /** A glob over the whole description: {@code *} any run of characters, {@code ?} one character. */
    public static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    /** One archive id per line; blank lines and lines starting with '#' are ignored. */
    public static Set<String> readIds(Path file) throws IOException {
        Set<String> ids = new HashSet<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String id = line.strip();
                if (!id.isEmpty() && !id.startsWith("#")) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    /** "all archives" or the conditions, for plans and reports. */
    public String describe() {
        if (selectsAll()) {
            return "all archives";
        }
        StringBuilder sb = new StringBuilder();
        if (description != null) {
            sb.append("description ~ /").append(description.pattern()).append("/ ");
        }
        if (minSize != null) {
            sb.append("size >= ").append(minSize).append(' ');
        }
        if (maxSize != null) {
            sb.append("size <= ").append(maxSize).append(' ');
        }
        if (createdAfter != null) {
            sb.append("created >= ").append(createdAfter).append(' ');
        }
        if (createdBefore != null) {
            sb.append("created < ").append(createdBefore).append(' ');
        }
        if (ids != null) {
            sb.append(ids.size()).append(" listed ids ");
        }
        return sb.toString().trim();
    }
}
