package dev.kiln.processor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The 2,000-route application: {@link LargeAppTest} compiles it in memory, and {@code benchmarks/buildcost.sh}
 * writes it to disk with {@link #main} to time javac on it. It uses nothing but the JDK, so that the script can
 * run it from {@code processor-tests/target/test-classes} alone.
 */
final class LargeApp {
    private static final String[] RESOURCES = {"orders", "users", "products", "invoices", "customers", "shipments",
        "payments", "carts", "coupons", "reviews", "categories", "vendors", "warehouses", "returns", "subscriptions",
        "refunds", "accounts", "teams", "projects", "tickets"};
    private static final String[] CHILDREN = {"items", "notes", "tags", "comments", "events", "members", "links",
        "photos", "versions", "labels", "tasks", "alerts", "owners", "reviews", "shares"};
    private static final String[] METRICS = {"daily", "weekly", "monthly", "yearly", "total", "average", "median",
        "p95", "p99", "count"};

    /** One route of the application, as declared. */
    record Spec(String method, String path, String controller) {}

    private LargeApp() {}

    /** 100 routes for each of 20 resources: collections, members, nested children, reports, a catch-all. */
    static List<Spec> specs() {
        List<Spec> all = new ArrayList<>();
        for (String res : RESOURCES) {
            String c = Character.toUpperCase(res.charAt(0)) + res.substring(1) + "Controller";
            String base = "/api/v1/" + res;
            add(all, c, base, "GET", "POST");
            add(all, c, base + "/:id", "GET", "PUT", "PATCH", "DELETE");
            add(all, c, base + "/new", "GET");
            add(all, c, base + "/search", "GET");
            add(all, c, base + "/bulk", "POST", "DELETE");
            add(all, c, base + "/export/:format", "GET");
            add(all, c, base + "/:id/archive", "POST");
            add(all, c, base + "/:id/restore", "POST");
            add(all, c, base + "/:id/audit/:entry", "GET");
            add(all, c, base + "/:id/files/*path", "GET");
            for (String child : CHILDREN) {
                add(all, c, base + "/:id/" + child, "GET", "POST");
                add(all, c, base + "/:id/" + child + "/:childId", "GET", "PUT", "DELETE");
            }
            for (String metric : METRICS) {
                add(all, c, base + "/stats/" + metric, "GET");
            }
        }
        return all;
    }

    private static void add(List<Spec> all, String controller, String path, String... methods) {
        for (String m : methods) all.add(new Spec(m, path, controller));
    }

    /**
     * The application's source files by fully qualified class name, the {@code @KilnApplication} class first:
     * one controller per resource, a handler per route taking {@code Context} (so no parameter goes unbound).
     */
    static Map<String, String> sources(List<Spec> specs) {
        Map<String, StringBuilder> controllers = new LinkedHashMap<>();
        int n = 0;
        for (Spec s : specs) {
            StringBuilder body = controllers.computeIfAbsent(s.controller(), k -> new StringBuilder());
            // GET is @Get, DELETE is @Delete
            String annotation = s.method().charAt(0) + s.method().substring(1).toLowerCase(Locale.ROOT);
            body.append("    @").append(annotation).append("(\"").append(s.path()).append("\") public void h").append(n++)
                    .append("(Context ctx) {}\n");
        }
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("app.LargeApp", String.join("\n", "package app;", "import dev.kiln.annotation.KilnApplication;",
                "@KilnApplication", "public final class LargeApp {}"));
        for (Map.Entry<String, StringBuilder> e : controllers.entrySet()) {
            sources.put("app." + e.getKey(), String.join("\n", "package app;", "import dev.kiln.Context;",
                    "import dev.kiln.annotation.*;", "@Controller", "public final class " + e.getKey() + " {",
                    e.getValue().toString(), "}"));
        }
        return sources;
    }

    /** Writes the application's sources below the folder given, one file per class ({@code app/LargeApp.java}, ...). */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java -cp processor-tests/target/test-classes dev.kiln.processor.LargeApp DIR");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        for (Map.Entry<String, String> e : sources(specs()).entrySet()) {
            Path file = dir.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
        }
    }
}
