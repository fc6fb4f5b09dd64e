package dev.kiln.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.sample.SampleApp;
import dev.kiln.server.RunningServer;
import dev.kiln.test.LeakRecorder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The differential against nginx with a fixed seed ({@code -Ddifferential.seed}, {@code -Ddifferential.cases};
 * {@code fuzz/differential.sh} runs longer ones): no case where Kiln accepts what nginx refuses, or reads more
 * requests out of a stream than nginx, unless {@link Disagreements#KNOWN} explains it (with the RFC's word, as
 * allowed or as a bug reported). Every disagreement is printed; docs/conformance-differential.md lists them.
 */
class NginxDifferentialTest {
    private static Nginx nginx;
    private static RunningServer kiln;

    @BeforeAll
    static void start() throws Exception {
        nginx = Nginx.start();
        kiln = SampleApp.start(0, SampleApp.DEFAULT_ADMIN_TOKEN);
    }

    @AfterAll
    static void stop() throws Exception {
        if (kiln != null) kiln.close();
        if (nginx != null) nginx.close();
    }

    @Test
    void kilnIsNeverLaxerThanNginx() throws Exception {
        long seed = Long.getLong("differential.seed", 24);
        int cases = Integer.getInteger("differential.cases", 400);
        Differential.Report report = Differential.run(seed, cases, kiln.port(), nginx.port);
        System.out.println("NginxDifferentialTest: seed " + seed);
        System.out.print(report.summary());
        assertEquals(cases, report.results().size());
        List<Differential.Result> unsafe = report.unexplained();
        assertTrue(unsafe.isEmpty(), () -> unsafe.size() + " unexplained unsafe disagreement(s), the first: case "
                + unsafe.get(0).input().index() + " [" + unsafe.get(0).input().kind() + "] kiln " + unsafe.get(0).kiln()
                + ", nginx " + unsafe.get(0).nginx() + ": " + unsafe.get(0).input().escaped());
        LeakRecorder.assertNoLeaks();
    }

    /** The harness can tell: a valid request and its canary are two 2xx answers on an open connection, on both. */
    @Test
    void aValidStreamIsTwoAnswersOnBoth() throws Exception {
        byte[] valid = ("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello" + Mutations.CANARY)
                .getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("[200, 200] open", Exchange.send(kiln.port(), valid, 2).toString());
        assertEquals("[200, 200] open", Exchange.send(nginx.port, valid, 2).toString());
    }

    /** ... and a smuggling attempt both refuse is one 400 and a close on both. */
    @Test
    void aContentLengthWithTransferEncodingIsRefusedByBoth() throws Exception {
        byte[] smuggle = ("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello"
                + Mutations.CANARY).getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("[400] closed", Exchange.send(kiln.port(), smuggle, 2).toString());
        assertEquals("[400] closed", Exchange.send(nginx.port, smuggle, 2).toString());
    }

    /** The comparison itself, on made-up exchanges. */
    @Test
    void verdicts() {
        Mutations.Case c = new Mutations(1).next();
        Exchange ok = new Exchange(List.of(200, 200), false);
        Exchange refused = new Exchange(List.of(400), true);
        Exchange swallowed = new Exchange(List.of(200), false);
        assertEquals(Differential.Verdict.AGREE, Differential.compare(c, ok, ok).verdict());
        assertEquals(Differential.Verdict.SAFE, Differential.compare(c, refused, ok).verdict());
        assertEquals(Differential.Verdict.UNSAFE, Differential.compare(c, ok, refused).verdict());
        assertEquals(Differential.Verdict.UNSAFE, Differential.compare(c, swallowed, ok).verdict());
        assertEquals(Differential.Verdict.UNSAFE, Differential.compare(c, ok, new Exchange(List.of(200), false)).verdict());
        assertEquals(Differential.Verdict.SAFE, Differential.compare(c, new Exchange(List.of(200), true), ok).verdict());
        assertEquals(Differential.Verdict.OTHER, Differential.compare(c, new Exchange(List.of(404, 200), false), ok).verdict());
    }
}
