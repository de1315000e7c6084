package org.govbus.core.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.govbus.core.config.InputLimits;
import org.govbus.core.error.BusException;
import org.govbus.core.error.FaultCode;
import org.junit.jupiter.api.Test;

/** Each bound of {@link BoundedXml}: at the limit the document is read, one past it is refused in the bus's words. */
class BoundedXmlTest {
    static final InputLimits LIMITS = new InputLimits(8, 20, 5, 6, 16, 100);
    final BoundedXml xml = new BoundedXml(LIMITS);

    static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    static String times(int n, java.util.function.IntFunction<String> part) {
        return IntStream.range(0, n).mapToObj(part).collect(Collectors.joining());
    }

    void refused(String doc, String reason) {
        assertThatThrownBy(() -> xml.parse(utf8(doc))).isInstanceOfSatisfying(BusException.class, e -> {
            assertThat(e.code()).isEqualTo(FaultCode.INVALID_MESSAGE);
            assertThat(e.getMessage()).contains(reason).doesNotContain("JAXP").doesNotContain("jdk.xml");
        });
    }

    @Test
    void depth() {
        assertThat(xml.parse(utf8(times(8, i -> "<a>") + times(8, i -> "</a>")))).isNotNull();
        refused(times(9, i -> "<a>") + times(9, i -> "</a>"), "deeper than 8 levels");
    }

    @Test
    void elements() {
        assertThat(xml.parse(utf8("<r>" + times(19, i -> "<a/>") + "</r>"))).isNotNull();
        refused("<r>" + times(20, i -> "<a/>") + "</r>", "more than 20 elements");
    }

    @Test
    void attributesAndNamespaceDeclarationsPerElement() {
        assertThat(xml.parse(utf8("<r a='1' b='2' c='3' xmlns:p='urn:p' xmlns:q='urn:q'/>"))).isNotNull();
        refused("<r a='1' b='2' c='3' xmlns:p='urn:p' xmlns:q='urn:q' d='4'/>", "more than 5 attributes and namespace declarations");
    }

    @Test
    void namespaceDeclarationsInTheDocument() {
        assertThat(xml.parse(utf8("<r>" + times(6, i -> "<a xmlns:p" + i + "='urn:" + i + "'/>") + "</r>"))).isNotNull();
        refused("<r>" + times(7, i -> "<a xmlns:p" + i + "='urn:" + i + "'/>") + "</r>", "more than 6 namespaces");
    }

    @Test
    void nameLength() {
        assertThat(xml.parse(utf8("<" + "n".repeat(16) + "/>"))).isNotNull();
        refused("<" + "n".repeat(17) + "/>", "longer than 16 characters");
    }

    @Test
    void textAndAttributeValueLength() {
        assertThat(xml.parse(utf8("<r a='" + "v".repeat(100) + "'>" + "t".repeat(100) + "</r>"))).isNotNull();
        refused("<r>" + "t".repeat(101) + "</r>", "a text is longer than 100 characters");
        refused("<r a='" + "v".repeat(101) + "'/>", "an attribute value is longer than 100 characters");
    }

    @Test
    void theDocumentIsShownBeforeItIsCountedSoARefusalCanNameItsMessageId() {
        String[] seen = new String[1];
        assertThatThrownBy(() -> xml.parse(utf8("<r id='m-1'>" + times(25, i -> "<a/>") + "</r>"),
                doc -> seen[0] = doc.getDocumentElement().getAttribute("id"))).isInstanceOf(BusException.class);
        assertThat(seen[0]).isEqualTo("m-1");
    }

    @Test
    void aParserThatRefusedIsReplacedAndTheNextDocumentReadsNormally() {
        refused("<r>" + times(20, i -> "<a/>") + "</r>", "more than 20 elements");
        refused("<r", "not well-formed");
        assertThat(xml.parse(utf8("<r><a/></r>")).getDocumentElement().getLocalName()).isEqualTo("r");
    }
}
