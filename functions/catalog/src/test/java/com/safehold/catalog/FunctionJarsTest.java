package com.safehold.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.safehold.catalog.FunctionDef.Capability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Each function module's shaded jar ships exactly the AWS SDK service clients its functions build, as their
 * catalog entries say (decision 0016): a client too many is megabytes in the jar, one too few fails the
 * function at init. The jars are cut by each module's shade {@code artifactSet} excludes; this reads the POMs.
 */
class FunctionJarsTest {

    private static final String SDK = "software.amazon.awssdk";
    /** Every function reads and writes its tables. */
    private static final String TABLES_CLIENT = "dynamodb";
    /** What sending to a queue needs (the consumers get their messages from Lambda, without a client). */
    private static final String QUEUE_CLIENT = "sqs";
    private static final Set<String> CLIENTS = Set.of(TABLES_CLIENT, QUEUE_CLIENT, "kms", "cognitoidentityprovider",
            "sns", "pinpointsmsvoicev2");

    /** The SDK client a capability is used through; a new capability does not compile until it is listed here. */
    static Optional<String> client(Capability capability) {
        return switch (capability) {
            case FIELD_CIPHER, BLIND_INDEX -> Optional.of("kms");
            case ACCOUNT_ADMINISTRATION, ACCOUNT_DELETION -> Optional.of("cognitoidentityprovider");
            case EVENTS -> Optional.of("sns");
            case VOICE_CALLS -> Optional.of("pinpointsmsvoicev2");
            case PAYMENTS -> Optional.empty(); // the sandbox provider is plain Java
        };
    }

    static Set<String> clientsNeeded(List<FunctionDef> functions) {
        Set<String> needed = new TreeSet<>(Set.of(TABLES_CLIENT));
        for (FunctionDef f : functions) {
            f.capabilities().forEach(c -> client(c).ifPresent(needed::add));
            if (Queues.ALL.stream().anyMatch(q -> q.producers().contains(f))) {
                needed.add(QUEUE_CLIENT);
            }
        }
        return needed;
    }

    @Test
    void everyModuleJar_shipsExactlyTheSdkClientsItsFunctionsNeed() throws Exception {
        Path functionsDir = Path.of("").toAbsolutePath().getParent();
        Set<String> fromAdapters = sdkClients(pom(functionsDir.resolve("adapters/pom.xml")), false);
        Map<String, List<FunctionDef>> modules = new LinkedHashMap<>();
        Functions.ALL.forEach(f -> modules.computeIfAbsent(f.module(), m -> new ArrayList<>()).add(f));

        for (var module : modules.entrySet()) {
            Document pom = pom(functionsDir.resolve(module.getKey()).resolve("pom.xml"));
            Set<String> excluded = shadeExcludes(pom);
            Set<String> shipped = new TreeSet<>(fromAdapters);
            shipped.addAll(sdkClients(pom, true));
            shipped.removeAll(excluded);
            assertThat(shipped).as("SDK clients in the %s jar", module.getKey())
                    .isEqualTo(clientsNeeded(module.getValue()));
            assertThat(excluded.contains("aws-query-protocol")).as("%s leaves out SNS's protocol with SNS", module.getKey())
                    .isEqualTo(excluded.contains("sns"));
        }
    }

    @Test
    void theMapping_followsTheCatalog() {
        assertThat(clientsNeeded(List.of(Functions.OFFERS))).containsExactly("dynamodb");
        assertThat(clientsNeeded(List.of(Functions.ESCROW))).containsExactly("dynamodb", "kms", "sns");
        assertThat(clientsNeeded(List.of(Functions.VERIFICATION, Functions.CALLS)))
                .containsExactly("dynamodb", "kms", "pinpointsmsvoicev2", "sqs");
    }

    private static Document pom(Path path) throws Exception {
        try (var in = Files.newInputStream(path)) {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
    }

    /** The SDK service clients a POM depends on; {@code withOptional} false leaves out optional ones. */
    private static Set<String> sdkClients(Document pom, boolean withOptional) {
        Set<String> found = new TreeSet<>();
        NodeList dependencies = pom.getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            if (!(dependency.getParentNode() instanceof Element parent && parent.getTagName().equals("dependencies"))
                    || !SDK.equals(child(dependency, "groupId")) || !CLIENTS.contains(child(dependency, "artifactId"))
                    || "test".equals(child(dependency, "scope"))) {
                continue;
            }
            if (withOptional || !"true".equals(child(dependency, "optional"))) {
                found.add(child(dependency, "artifactId"));
            }
        }
        return found;
    }

    /** The SDK artifacts the module's shade configuration leaves out of its jar. */
    private static Set<String> shadeExcludes(Document pom) {
        Set<String> found = new TreeSet<>();
        NodeList excludes = pom.getElementsByTagName("exclude");
        for (int i = 0; i < excludes.getLength(); i++) {
            Node exclude = excludes.item(i);
            Node artifactSet = exclude.getParentNode().getParentNode();
            String value = exclude.getTextContent().trim();
            if (artifactSet instanceof Element e && e.getTagName().equals("artifactSet") && value.startsWith(SDK + ":")) {
                found.add(value.substring(SDK.length() + 1));
            }
        }
        return found;
    }

    private static String child(Element element, String name) {
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e.getTextContent().trim();
            }
        }
        return null;
    }
}
