package io.thaw.deliver;

import io.thaw.ThawConfig;
import org.apache.camel.impl.DefaultCamelContext;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a child JVM with a small heap by {@link LargeDeliveryIT}: delivers one file to a configured
 * destination the way thaw does (ThawConfig from -Dthaw.* and THAW_* variables, Destinations, a
 * Camel context) and prints the time taken and the peak heap.
 *
 * <p>Arguments: destination name, file, relative name.
 */
public final class LargeDeliveryMain {

    private LargeDeliveryMain() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[1]);
        long size = Files.size(file);
        long start = System.nanoTime();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.start();
            try (Destinations destinations = new Destinations(ThawConfig.load(null), camel)) {
                Delivered d = destinations.resolve(args[0])
                        .deliver(file, new Delivery(args[2], size, io.thaw.glacier.TreeHash.of(file), null, "v", "arch", "job"));
                long peak = ManagementFactory.getMemoryPoolMXBeans().stream()
                        .filter(p -> p.getType() == MemoryType.HEAP)
                        .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
                System.out.printf("delivered %d bytes to %s in %.1f s, peak heap %d MiB, max heap %d MiB%n",
                        d.size(), d.location(), (System.nanoTime() - start) / 1e9, peak >> 20,
                        Runtime.getRuntime().maxMemory() >> 20);
            }
        }
    }
}
