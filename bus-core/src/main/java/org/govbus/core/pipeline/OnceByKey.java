package org.govbus.core.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.govbus.core.adapter.Adapter;
import org.govbus.core.adapter.AdapterRequest;
import org.govbus.core.adapter.AgencyTraffic;
import org.govbus.core.adapter.NotDecidedYet;
import org.govbus.core.async.KeyedCalls;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.security.Digests;
import org.govbus.core.text.Masking;
import org.govbus.core.xml.SecureXml;
import org.govbus.core.xml.ServiceCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.NodeList;

/**
 * An adapter whose services have an idempotency key (a payment's reference) called once per key, however often and
 * however concurrently the request comes: a duplicate, a client's retry under a new messageId, a redelivery after a
 * crash, an asynchronous retry. Each try claims the key in {@link KeyedCalls}; one holds it at a time, the others wait
 * for its outcome; the first answer (or refusal by the agency) ends the key and is given to every later request with
 * the same content. A try that fails without an outcome (the agency down, slow, unreadable; the node dead) lets the key
 * go, and the next one is {@link AdapterRequest#resumed}: its adapter asks the agency what became of the earlier one
 * before acting again. The agency's own refusal of a second order with the same reference is the last line, not the first.
 */
public final class OnceByKey implements Adapter {
    private static final Logger LOG = LoggerFactory.getLogger(OnceByKey.class);
    /** how long past its adapter's time a try's hold on a key lasts, for the way back and a slow commit */
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(5);
    private static final long FIRST_WAIT_MS = 10;
    private static final long LONGEST_WAIT_MS = 200;

    private final Adapter adapter;
    private final KeyedCalls calls;
    private final Map<String, String> keyElementByService;

    private OnceByKey(Adapter adapter, KeyedCalls calls, Map<String, String> keyElementByService) {
        this.adapter = adapter;
        this.calls = calls;
        this.keyElementByService = keyElementByService;
    }

    /** {@code adapter} called once per key for the catalogue's services that declare one; itself when none does. */
    public static Adapter guard(Adapter adapter, KeyedCalls calls, ServiceCatalog catalog) {
        Map<String, String> keyed = new java.util.HashMap<>();
        for (ServiceCatalog.Entry e : catalog.entries()) {
            if (e.idempotencyKey() != null) keyed.put(e.key(), e.idempotencyKey());
        }
        return keyed.isEmpty() ? adapter : new OnceByKey(adapter, calls, Map.copyOf(keyed));
    }

    @Override
    public byte[] call(AdapterRequest request) {
        String element = keyElementByService.get(ServiceCatalog.keyOf(request.service()));
        if (element == null) return adapter.call(request);
        org.w3c.dom.Element payload = SecureXml.parse(request.payload()).getDocumentElement();
        String key = keyOf(payload, element);
        // a key is the agency's (a gateway's order id is one across its services), so its scope is the providing system
        String scope = request.service().provider().toString();
        String digest = contentDigest(request, payload);
        try {
            return once(request, element, key, scope, digest);
        } catch (KeyedCalls.StoreFailure storeFailed) {
            // the record could not be read or written: the outcome may exist at the agency, so the client is told to
            // send the same payment again (the next try resumes), never that it failed
            LOG.error("messageId={}: the record of keyed calls failed", request.messageId(), storeFailed);
            throw new BusException(FaultCode.PROVIDER_TIMEOUT, "the outcome under this " + element
                    + " is not recorded yet; send the same request again for it");
        }
    }

    private byte[] once(AdapterRequest request, String element, String key, String scope, String digest) {
        long deadline = System.currentTimeMillis() + request.timeout().toMillis();
        long wait = FIRST_WAIT_MS;
        for (;;) {
            KeyedCalls.Claim claim = calls.claim(scope, key, digest, request.messageId(), request.timeout().plus(LEASE_MARGIN));
            if (claim instanceof KeyedCalls.Claim.Fresh f) return callHolding(request, scope, key, f.owner());
            if (claim instanceof KeyedCalls.Claim.Resumed r) {
                LOG.info("messageId={}: resuming the call under key {} at {} (try {})", request.messageId(), Masking.mask(key), scope,
                        r.tries() + 1);
                return callHolding(request.resuming(), scope, key, r.owner());
            }
            if (claim instanceof KeyedCalls.Claim.Ended e) return outcome(e.call(), request);
            if (claim instanceof KeyedCalls.Claim.Conflict c) {
                // which message used it first is the operator's to know (it may be another client's), not the sender's
                LOG.warn("messageId={}: key {} at {} was first used by message {} for other content", request.messageId(),
                        Masking.mask(key), scope, c.call().firstMessage());
                throw new BusException(FaultCode.IDEMPOTENCY_CONFLICT, "this " + element + " was already used for a request with other content");
            }
            if (System.currentTimeMillis() + wait >= deadline) {
                throw new BusException(FaultCode.PROVIDER_TIMEOUT, "an earlier request with the same " + element
                                + " is still being answered; send it again later for the same answer");
            }
            sleep(wait);
            wait = Math.min(LONGEST_WAIT_MS, wait * 2);
        }
    }

    private byte[] callHolding(AdapterRequest request, String scope, String key, java.util.UUID owner) {
        byte[] answer;
        try {
            answer = adapter.call(request);
        } catch (NotDecidedYet undecided) {
            // taken by the agency, not decided: the key stays open so that the same request asks again (resumed)
            calls.release(scope, key, owner);
            throw undecided;
        } catch (BusException e) {
            if (e.code().isClientFault()) {
                // refused for its content before anything happened under the key: the key is free again, so a corrected
                // request can use it (and the same content is refused the same way next time)
                calls.forget(scope, key, owner);
            } else {
                calls.release(scope, key, owner);
            }
            throw e;
        } catch (RuntimeException | Error e) {
            try {
                calls.release(scope, key, owner);
            } catch (RuntimeException releasing) {
                e.addSuppressed(releasing); // the hold runs out by itself
            }
            throw e;
        }
        if (!calls.end(scope, key, owner, answer, null, null, Instant.now())) return lostHold(scope, key, request);
        return answer;
    }

    /** This try's hold ran out and another ended the key meanwhile: its outcome stands for this one too. */
    private byte[] lostHold(String scope, String key, AdapterRequest request) {
        KeyedCalls.Call call = calls.find(scope, key).orElseThrow();
        if (call.state() != KeyedCalls.State.ENDED) {
            throw new BusException(FaultCode.PROVIDER_TIMEOUT, "the call took longer than its hold on its key; send it again later");
        }
        return outcome(call, request);
    }

    private static byte[] outcome(KeyedCalls.Call call, AdapterRequest request) {
        if (call.answer() == null) throw new BusException(FaultCode.fromCode(call.faultCode()), call.faultReason());
        if (!call.firstMessage().equals(request.messageId())) {
            AgencyTraffic.noted("the answer kept under this key since message " + call.firstMessage() + " (" + call.endedAt()
                    + "), given again: the agency was not called", call.answer());
        }
        return call.answer();
    }

    /**
     * What the request says and who says it, whatever its wire: the client system, the service, and each element's
     * namespace, name and (for a leaf) trimmed text, in document order. The same payment sent over SOAP and as JSON is
     * the same content; prefixes and indentation differ. Another client with the same reference is a conflict, not a
     * way to read the first client's answer.
     */
    static String contentDigest(AdapterRequest request, org.w3c.dom.Element payload) {
        java.security.MessageDigest sha = Digests.sha256();
        sha.update((request.client() + "\n" + request.service() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        feed(sha, payload);
        return Digests.hex(sha.digest());
    }

    private static void feed(java.security.MessageDigest sha, org.w3c.dom.Element e) {
        boolean leaf = true;
        sha.update(("<{" + e.getNamespaceURI() + "}" + e.getLocalName() + ">").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (org.w3c.dom.Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof org.w3c.dom.Element child) {
                leaf = false;
                feed(sha, child);
            }
        }
        if (leaf) sha.update(e.getTextContent().trim().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sha.update("</>".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static String keyOf(org.w3c.dom.Element payload, String element) {
        NodeList found = payload.getElementsByTagNameNS("*", element);
        String key = found.getLength() == 0 ? "" : found.item(0).getTextContent().trim();
        // the schema requires it; an adapter fed otherwise must not make every such request one call
        if (key.isEmpty()) throw new BusException(FaultCode.INVALID_MESSAGE, "the request has no " + element);
        return key;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusException(FaultCode.PROVIDER_TIMEOUT, "interrupted while an earlier request with the same key was answered");
        }
    }

    @Override
    public String callback(byte[] message, Map<String, String> headers) { return adapter.callback(message, headers); }

    @Override
    public void close() { adapter.close(); }
}
