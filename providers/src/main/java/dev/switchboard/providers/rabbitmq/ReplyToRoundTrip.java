package dev.switchboard.providers.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;

import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A publish/consume round trip that declares nothing, for logins whose configure permission allows no queue of their
 * own: RabbitMQ's direct reply-to. The channel consumes the pseudo-queue {@code amq.rabbitmq.reply-to} (no-ack, as
 * required); a first message, published mandatory to a routing key no queue has and carrying
 * {@code reply-to: amq.rabbitmq.reply-to}, comes back by basic.return with the broker-assigned reply address; the
 * token published to that address through the default exchange then arrives at the consumer. Both publishes need
 * only write permission on the default exchange.
 */
final class ReplyToRoundTrip {
    static final String PSEUDO_QUEUE = "amq.rabbitmq.reply-to";
    private static final long WAIT_SECONDS = 10;
    private final Channel ch;

    ReplyToRoundTrip(Channel ch) {
        this.ch = ch;
    }

    /** The body that arrived at the reply-to consumer, or null if none came within the wait. */
    byte[] roundTrip(byte[] token) throws IOException, InterruptedException {
        BlockingQueue<byte[]> received = new ArrayBlockingQueue<>(4);
        BlockingQueue<String> address = new ArrayBlockingQueue<>(4);
        ch.addReturnListener(r -> address.offer(String.valueOf(r.getProperties().getReplyTo())));
        ch.basicConsume(PSEUDO_QUEUE, true, (tag, delivery) -> received.offer(delivery.getBody()), tag -> { });
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().replyTo(PSEUDO_QUEUE).build();
        ch.basicPublish("", "switchboard.validation.unrouted." + UUID.randomUUID(), true, props, new byte[0]);
        String replyTo = address.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (replyTo == null || !replyTo.startsWith(PSEUDO_QUEUE + ".")) return null;
        ch.basicPublish("", replyTo, false, null, token);
        return received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
