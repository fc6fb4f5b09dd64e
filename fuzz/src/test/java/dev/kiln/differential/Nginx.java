package dev.kiln.differential;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's nginx, run by the harness as the current user: its own prefix, configuration, pid file, logs and temp
 * directories in a temp directory, {@code daemon off}, one worker, a loopback port. Its configuration mirrors the
 * sample app's routes that the differential sends to ({@link #CONFIG}): the same paths and methods answer 2xx,
 * another method on them 405, any other path 404. {@link #close} stops it and removes the directory.
 */
final class Nginx implements AutoCloseable {
    /** Where Debian's {@code nginx} package puts the binary. */
    static final String BINARY = "/usr/sbin/nginx";

    /**
     * The sample app's {@code GET /plaintext}, {@code GET /json}, {@code GET /users/:id} and {@code POST /echo}
     * ({@code return} reads and discards a request body, so keep-alive framing is nginx's own). {@code merge_slashes
     * off}, since Kiln does not merge them either; {@code %s} are the directory and the port.
     */
    private static final String CONFIG = """
            worker_processes 1;
            daemon off;
            master_process off;
            pid %1$s/nginx.pid;
            error_log %1$s/error.log error;
            events { worker_connections 512; }
            http {
              access_log off;
              client_body_temp_path %1$s/body;
              proxy_temp_path %1$s/proxy;
              fastcgi_temp_path %1$s/fastcgi;
              uwsgi_temp_path %1$s/uwsgi;
              scgi_temp_path %1$s/scgi;
              keepalive_requests 10000;
              merge_slashes off;
              server {
                listen 127.0.0.1:%2$d;
                server_name _;
                location = /plaintext {
                  if ($request_method !~ ^(GET|HEAD)$) { return 405; }
                  default_type text/plain;
                  return 200 "Hello, World!";
                }
                location = /json {
                  if ($request_method !~ ^(GET|HEAD|POST)$) { return 405; }
                  default_type application/json;
                  return 200 '{"message":"Hello, World!"}';
                }
                location ~ ^/users/[^/]+$ {
                  if ($request_method !~ ^(GET|HEAD)$) { return 405; }
                  default_type application/json;
                  return 200 '{"id":"x"}';
                }
                location = /echo {
                  if ($request_method != POST) { return 405; }
                  default_type application/octet-stream;
                  return 200 "";
                }
                location / { return 404; }
              }
            }
            """;

    private final Path dir;
    private final Process process;
    final int port;

    private Nginx(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    /** Starts nginx on a free loopback port, installing Debian's package first when it is missing. */
    static Nginx start() throws IOException, InterruptedException {
        String binary = find();
        Path dir = Files.createTempDirectory("kiln-nginx");
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, String.format(CONFIG, dir, port), StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(binary, "-p", dir.toString(), "-c", conf.toString(), "-e", dir.resolve("error.log").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        Nginx nginx = new Nginx(dir, p, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                String said = Files.readString(dir.resolve("stdout.log"));
                nginx.close();
                throw new IOException("nginx exited at start (" + p.exitValue() + "): " + said);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return nginx;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        nginx.close();
        throw new IOException("nginx did not listen on 127.0.0.1:" + port + " within 10 s");
    }

    /**
     * The nginx binary; when it is missing, runs {@code .ci/install-package nginx} (root and apt only), as
     * {@code .ci/run} does up front.
     */
    private static String find() throws IOException, InterruptedException {
        if (Files.isExecutable(Paths.get(BINARY))) return BINARY;
        for (Path script : new Path[] {Paths.get("..", ".ci", "install-package"), Paths.get(".ci", "install-package")}) {
            if (Files.isExecutable(script)) {
                System.out.println("Nginx: no " + BINARY + "; running " + script + " nginx " + BINARY);
                Process install = new ProcessBuilder(script.toString(), "nginx", BINARY).inheritIO().start();
                if (!install.waitFor(5, TimeUnit.MINUTES)) install.destroyForcibly();
                break;
            }
        }
        if (Files.isExecutable(Paths.get(BINARY))) return BINARY;
        throw new IOException(BINARY + " is missing: install Debian's nginx package (apt-get install nginx), as"
                + " .ci/run does");
    }

    @Override
    public void close() throws IOException {
        process.destroy(); // SIGTERM: nginx's fast shutdown
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
