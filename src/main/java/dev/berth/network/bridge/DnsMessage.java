package dev.berth.network.bridge;

import dev.berth.network.Ipv4;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The few parts of RFC 1035 messages the embedded DNS server needs: the single question of a standard query,
 * and answers with A records. Anything else is forwarded untouched.
 */
final class DnsMessage {
    static final int TYPE_A = 1;
    private static final int TTL_SECONDS = 600;
    private static final int HEADER = 12;

    /** A standard query's question: the name (lower case, no trailing dot), its type, and where it ends. */
    record Question(int id, boolean recursionDesired, String name, int type, int qclass, int end) {}

    private DnsMessage() {}

    /** The question of a standard query with one question, or empty for anything else (forwarded as is). */
    static Optional<Question> question(byte[] packet, int length) {
        try {
            ByteBuffer b = ByteBuffer.wrap(packet, 0, length);
            int id = b.getShort() & 0xffff;
            int flags = b.getShort() & 0xffff;
            int qdcount = b.getShort() & 0xffff;
            boolean query = (flags & 0x8000) == 0 && (flags >> 11 & 0xf) == 0;
            if (!query || qdcount != 1) {
                return Optional.empty();
            }
            b.position(HEADER);
            StringBuilder name = new StringBuilder();
            for (int len = b.get() & 0xff; len != 0; len = b.get() & 0xff) {
                if (len > 63) {
                    return Optional.empty(); // compression pointers never appear in a question we answer
                }
                byte[] label = new byte[len];
                b.get(label);
                if (!name.isEmpty()) {
                    name.append('.');
                }
                name.append(new String(label, java.nio.charset.StandardCharsets.US_ASCII));
            }
            int type = b.getShort() & 0xffff;
            int qclass = b.getShort() & 0xffff;
            return Optional.of(new Question(id, (flags & 0x0100) != 0, name.toString().toLowerCase(Locale.ROOT), type, qclass,
                    b.position()));
        } catch (BufferUnderflowException e) {
            return Optional.empty();
        }
    }

    /** An authoritative answer: A records for an A question, none (NOERROR, no data) for other types. */
    static byte[] answer(byte[] query, Question q, List<Ipv4> addresses) {
        List<Ipv4> records = q.type() == TYPE_A ? addresses : List.of();
        ByteBuffer b = ByteBuffer.allocate(q.end() + records.size() * 16);
        b.putShort((short) q.id());
        b.putShort((short) (0x8400 | (q.recursionDesired() ? 0x0100 : 0) | 0x0080)); // QR, AA, RD echoed, RA
        b.putShort((short) 1).putShort((short) records.size()).putShort((short) 0).putShort((short) 0);
        b.put(query, HEADER, q.end() - HEADER);
        for (Ipv4 a : records) {
            b.putShort((short) 0xc00c); // pointer to the question's name
            b.putShort((short) TYPE_A).putShort((short) 1).putInt(TTL_SECONDS).putShort((short) 4).putInt(a.bits());
        }
        return b.array();
    }

    /** SERVFAIL for a query that could not be forwarded, so the client gives up at once instead of timing out. */
    static byte[] serverFailure(byte[] query, Question q) {
        byte[] out = java.util.Arrays.copyOf(query, q.end());
        out[2] = (byte) (0x80 | (q.recursionDesired() ? 1 : 0));
        out[3] = (byte) 0x82; // RA, rcode 2
        out[6] = out[7] = out[8] = out[9] = out[10] = out[11] = 0;
        return out;
    }
}
