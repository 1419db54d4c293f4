package com.safehold.local.bench;

import com.safehold.catalog.Catalog;
import com.safehold.catalog.FunctionDef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;

/** Each function's deployment artifact: its shaded jar's size and how many classes it carries. */
final class Sizes {

    private Sizes() {}

    static String table(Path root) throws IOException {
        StringBuilder out = new StringBuilder("## Function jars\n\n| function | jar | size | classes in the jar |\n"
                + "| --- | --- | ---: | ---: |\n");
        for (FunctionDef f : Catalog.safehold().functions()) {
            Path jar = root.resolve(f.jarPath());
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                long classes = zip.stream().filter(e -> e.getName().endsWith(".class")).count();
                long bytes = Files.size(jar);
                out.append("| %s | `%s` | %,d bytes (%.1f MiB) | %d |\n".formatted(f.name(), f.jarPath(), bytes,
                        bytes / 1048576.0, classes));
            }
        }
        return out.toString();
    }
}
