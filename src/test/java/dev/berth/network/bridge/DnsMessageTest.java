package dev.berth.network.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.network.Ipv4;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsMessageTest {
    /** A standard query as resolvers send it: id, RD set, one question. */
    private static byte[] query(String name, int type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0});
        for (String label : name.split("\\.")) {
            out.write(label.length());
            out.writeBytes(label.getBytes());
        }
        out.write(0);
        out.writeBytes(new byte[] {0, (byte) type, 0, 1});
        return out.toByteArray();
    }

    @Test
    void readsTheQuestionCaseInsensitively() {
        byte[] q = query("Web.Example", 1);
        DnsMessage.Question question = DnsMessage.question(q, q.length).orElseThrow();
        assertThat(question.name()).isEqualTo("web.example");
        assertThat(question.id()).isEqualTo(0x1234);
        assertThat(question.type()).isEqualTo(1);
        assertThat(question.end()).isEqualTo(q.length);
    }

    @Test
    void answersWithARecords() {
        byte[] q = query("web", 1);
        DnsMessage.Question question = DnsMessage.question(q, q.length).orElseThrow();
        ByteBuffer a = ByteBuffer.wrap(DnsMessage.answer(q, question, List.of(Ipv4.parse("10.1.0.2"), Ipv4.parse("10.1.0.3"))));
        assertThat(a.getShort(0)).isEqualTo((short) 0x1234);
        assertThat(a.getShort(2) & 0x8000).isNotZero();
        assertThat(a.getShort(2) & 0xf).isZero();
        assertThat(a.getShort(6)).isEqualTo((short) 2);
        int first = q.length;
        assertThat(a.getShort(first) & 0xffff).isEqualTo(0xc00c);
        assertThat(a.getInt(first + 12)).isEqualTo(Ipv4.parse("10.1.0.2").bits());
        assertThat(a.getInt(first + 16 + 12)).isEqualTo(Ipv4.parse("10.1.0.3").bits());
    }

    @Test
    void answersOtherTypesOfKnownNamesWithNoDataAndFailsOnRequest() {
        byte[] q = query("web", 28);
        DnsMessage.Question question = DnsMessage.question(q, q.length).orElseThrow();
        ByteBuffer a = ByteBuffer.wrap(DnsMessage.answer(q, question, List.of(Ipv4.parse("10.1.0.2"))));
        assertThat(a.getShort(6)).isZero();
        assertThat(a.array()).hasSize(q.length);
        assertThat(DnsMessage.serverFailure(q, question)[3] & 0xf).isEqualTo(2);
    }

    @Test
    void leavesResponsesAndGarbageToForwarding() {
        byte[] q = query("web", 1);
        q[2] |= (byte) 0x80;
        assertThat(DnsMessage.question(q, q.length)).isEmpty();
        assertThat(DnsMessage.question(new byte[] {1, 2, 3}, 3)).isEmpty();
        byte[] truncated = query("web", 1);
        assertThat(DnsMessage.question(truncated, truncated.length - 3)).isEmpty();
    }
}
