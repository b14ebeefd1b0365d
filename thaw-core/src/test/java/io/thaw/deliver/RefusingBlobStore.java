package io.thaw.deliver;

import org.gaul.s3proxy.blobstore.BlobStore;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps an s3proxy store so that, while told to fail, every PutObject and every multipart part after
 * the first breaks off half way through its body, like a server dying mid-transfer. Everything else
 * (and everything while not failing) goes to the real store unchanged. Off by default.
 */
final class RefusingBlobStore {

    private volatile boolean failing;
    final AtomicInteger refused = new AtomicInteger();
    final BlobStore store;

    RefusingBlobStore(BlobStore real) {
        // a dynamic proxy forwards every method, default ones included, to the real store
        store = (BlobStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{BlobStore.class},
                (p, m, args) -> {
                    if (failing && refuses(m, args)) {
                        breakOff((InputStream) args[args.length - 1]);
                    }
                    try {
                        return m.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    void failing(boolean on) {
        failing = on;
    }

    private static boolean refuses(Method m, Object[] args) {
        if (args == null || !(args[args.length - 1] instanceof InputStream)) {
            return false;
        }
        if (m.getName().equals("putBlob")) {
            return args[0] instanceof PutObjectRequest;
        }
        return m.getName().equals("uploadMultipartPart") && args[1] instanceof UploadPartRequest r
                && r.partNumber() >= 2;
    }

    private void breakOff(InputStream body) throws IOException {
        body.readNBytes(1 << 20);
        refused.incrementAndGet();
        throw new IOException("test S3 server: failure injected mid-transfer");
    }
}
