package org.govbus.adapter.populationregister;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.govbus.core.adapter.Adapter;
import org.govbus.core.adapter.AdapterRequest;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.govbus.core.id.Iin;
import org.govbus.core.xml.SecureXml;
import org.w3c.dom.Document;

/**
 * The population register (GBD FL): person-by-iin/v1 in the bus's canonical schema, translated to the
 * register's own GetPersonRequest over SOAP/HTTP and back.
 */
final class PopulationRegisterAdapter implements Adapter {
    private final URI endpoint;
    private final HttpClient http;

    PopulationRegisterAdapter(URI endpoint) {
        this.endpoint = endpoint;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public byte[] call(AdapterRequest request) {
        String iin = RegisterTranslation.iinOf(request.payload());
        if (!Iin.isValid(iin)) throw new BusException(FaultCode.INVALID_MESSAGE, "the IIN's check digit is wrong");
        byte[] registerRequest = RegisterTranslation.toRegister(iin, request);
        byte[] answer = post(registerRequest, request.timeout());
        Document parsed;
        try {
            parsed = SecureXml.parse(answer);
        } catch (BusException e) {
            throw new BusException(FaultCode.PROVIDER_UNAVAILABLE, "the population register's answer is not XML");
        }
        return RegisterTranslation.toCanonical(parsed);
    }

    private byte[] post(byte[] body, Duration timeout) {
        HttpRequest req = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "text/xml; charset=utf-8").header("SOAPAction", "\"GetPerson\"")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<byte[]> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new BusException(FaultCode.PROVIDER_TIMEOUT, "the population register did not answer within " + timeout.toMillis() + " ms");
        } catch (ConnectException e) {
            throw new BusException(FaultCode.PROVIDER_UNAVAILABLE, "the population register cannot be reached");
        } catch (IOException e) {
            throw new BusException(FaultCode.PROVIDER_UNAVAILABLE, "the population register broke the connection");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusException(FaultCode.PROVIDER_UNAVAILABLE, "interrupted while calling the population register");
        }
        if (resp.statusCode() != 200) {
            throw new BusException(FaultCode.PROVIDER_UNAVAILABLE, "the population register answered HTTP " + resp.statusCode());
        }
        return resp.body();
    }
}
