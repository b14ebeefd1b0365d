package io.thaw.request;

import io.thaw.log.LogText;
import java.io.File;
import java.nio.file.Files;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbox consumer's filter: never descends into a folder that is a symbolic link. Through such a
 * link the consumer would read — and then move into .error/ or .done/ — files outside the inbox.
 * The link is reported once; files that are links themselves pass here and are refused, unread, by
 * {@link RequestHandler} (so they get a visible .error note).
 */
public final class InboxFilter implements GenericFileFilter<File> {

    private static final Logger LOG = LoggerFactory.getLogger(InboxFilter.class);

    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    @Override
    public boolean accept(GenericFile<File> file) {
        if (!file.isDirectory() || !Files.isSymbolicLink(file.getFile().toPath())) {
            return true;
        }
        if (reported.add(file.getAbsoluteFilePath())) {
            LOG.warn("inbox folder {} is a symbolic link: thaw does not follow links in the inbox (it would read and"
                    + " move files outside it) — replace the link with a real folder", LogText.escape(file.getAbsoluteFilePath()));
        }
        return false;
    }
}
