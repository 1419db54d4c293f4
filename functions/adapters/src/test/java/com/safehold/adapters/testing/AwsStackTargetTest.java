package com.safehold.adapters.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.safehold.catalog.TableDef;
import com.safehold.catalog.Tables;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;

/**
 * The {@code -Paws} target without AWS: when it skips, and how it finds a stack's resources, through a real
 * {@code CloudFormationClient} (the 2.35 module on the 2.41 SDK core) over canned answers.
 */
class AwsStackTargetTest {

    /** Logical ids as in infrastructure/cdk.out/SafeholdStack.template.json. */
    private static final Map<TableDef, String> TABLE_IDS = new LinkedHashMap<>();

    static {
        String[] ids = {"TablesOffers1B67DEF5", "TablesUsersBA34CAA2", "TablesSettings29509294",
            "TablesIdempotency498FF680", "TablesAccounts2D520C9A", "TablesLoginStateCA7AC70B", "TablesSessions486350CB",
            "TablesBookings41DD1DA6", "TablesSlots5E065B42", "TablesLedgerF9806C8B", "TablesMessages5F3A57D1",
            "TablesChangeRequestsF3266955", "TablesDisputes5E236B69", "TablesKeys6B5A3ABF", "TablesStoresE2CA99AD",
            "TablesProgramsF3FA1F10", "TablesReceiptCodes2933DB2A", "TablesCardsDCB4D01A", "TablesCooldowns2880F257",
            "TablesScans0B00A1DC", "TablesVerificationsDAFEA1C5", "TablesCallLimits54F06FA0",
            "TablesRetention0D1D02E7", "TablesPurgeRuns868074D4"};
        for (int i = 0; i < ids.length; i++) {
            TABLE_IDS.put(Tables.ALL.get(i), ids[i]);
        }
    }

    private static final AwsCredentialsProvider KEYS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret"));

    private final CannedCloudFormation cloudFormation = new CannedCloudFormation();
    private final Map<String, String> properties = new HashMap<>(Map.of(AwsStackTarget.STACK, "SafeholdTest"));

    private Selection open() {
        return AwsStackTarget.open(properties::get, () -> KEYS, () -> Region.EU_WEST_1, cloudFormation);
    }

    @Test
    void withoutAStackName_theTestsAreSkipped_namingTheProperty() {
        properties.clear();
        Selection selection = open();
        assertThat(selection.available()).isFalse();
        assertThat(selection.skipped()).contains("-Dsafehold.stack=<stack name>");
        assertThat(cloudFormation.actions).isEmpty();
    }

    @Test
    void withoutCredentials_theTestsAreSkipped_withTheChainsAnswer() {
        AwsCredentialsProvider none = () -> {
            throw SdkClientException.create("Unable to load credentials from any of the providers in the chain\nmore");
        };
        Selection selection = AwsStackTarget.open(properties::get, () -> none, () -> Region.EU_WEST_1, cloudFormation);
        assertThat(selection.available()).isFalse();
        assertThat(selection.skipped()).startsWith("no AWS credentials for stack SafeholdTest")
                .endsWith("Unable to load credentials from any of the providers in the chain");
    }

    @Test
    void withCredentialsButNoRegion_itFails_forThatIsAMistake() {
        assertThatThrownBy(() -> AwsStackTarget.open(properties::get, () -> KEYS, () -> {
            throw SdkClientException.create("no region");
        }, cloudFormation)).isInstanceOf(IllegalStateException.class).hasMessageContaining("-Dsafehold.stack.region");
    }

    @Test
    void everyCatalogTable_theKeysAndTheTopic_areFoundInTheStack_acrossPagesOfResources() {
        ContractTarget target = open().target();

        assertThat(target.description()).isEqualTo("stack SafeholdTest in eu-west-1");
        for (TableDef table : Tables.ALL) {
            assertThat(target.tableName(table)).as(table.name()).isEqualTo("SafeholdTest-" + TABLE_IDS.get(table) + "-X");
        }
        assertThat(target.dataKeyId()).isEqualTo("arn:aws:kms:eu-west-1:111122223333:key/data");
        assertThat(target.eventsTopicArn()).isEqualTo("arn:aws:sns:eu-west-1:111122223333:SafeholdTest-EventsTopic");
        assertThat(target.blindIndexKeyId()).isEqualTo("hmac-key-id");
        assertThat(cloudFormation.actions).containsExactly("DescribeStacks", "ListStackResources", "ListStackResources");
        assertThat(cloudFormation.stackNames).containsOnly("SafeholdTest");
    }

    @Test
    void namesGivenAsProperties_win_andCloudFormationIsNotAsked() {
        properties.put(AwsStackTarget.TABLE + "login-state", "my-login-state");
        properties.put(AwsStackTarget.DATA_KEY, "alias/my-key");
        properties.put(AwsStackTarget.BLIND_INDEX_KEY, "alias/my-hmac");
        properties.put(AwsStackTarget.TOPIC, "arn:aws:sns:eu-west-1:1:my-topic");
        ContractTarget target = open().target();

        assertThat(target.tableName(Tables.LOGIN_STATE)).isEqualTo("my-login-state");
        assertThat(target.dataKeyId()).isEqualTo("alias/my-key");
        assertThat(target.blindIndexKeyId()).isEqualTo("alias/my-hmac");
        assertThat(target.eventsTopicArn()).isEqualTo("arn:aws:sns:eu-west-1:1:my-topic");
        assertThat(cloudFormation.actions).isEmpty();
    }

    @Test
    void aStackWithoutTheTable_failsNamingThePropertyThatWouldNameIt() {
        cloudFormation.omit("TablesOffers1B67DEF5");
        ContractTarget target = open().target();

        assertThatThrownBy(() -> target.tableName(Tables.OFFERS)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TablesOffers<hash>").hasMessageContaining("-Dsafehold.stack.table.offers=");
    }

    @Test
    void scratchNames_beginWithTheStack_andLeaveRoomInSqssEightyCharacters() {
        properties.put(AwsStackTarget.STACK, "A-very-long-stack-name-for-the-contract-tests-of-safehold");
        String name = open().target().scratchName("q12") + "-escrow-commands-dlq.fifo";
        assertThat(name).startsWith("A-very-long-stack-name-f-ct-").hasSizeLessThanOrEqualTo(80);
    }

    /** Answers DescribeStacks and ListStackResources (two pages) as CloudFormation's query protocol does. */
    static final class CannedCloudFormation implements SdkHttpClient {
        final List<String> actions = new CopyOnWriteArrayList<>();
        final List<String> stackNames = new CopyOnWriteArrayList<>();
        private final List<String> omitted = new ArrayList<>();

        void omit(String logicalId) {
            omitted.add(logicalId);
        }

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() throws IOException {
                    Map<String, String> form = new HashMap<>();
                    String body = new String(request.contentStreamProvider().orElseThrow().newStream().readAllBytes(),
                            StandardCharsets.UTF_8);
                    for (String pair : body.split("&")) {
                        String[] kv = pair.split("=", 2);
                        form.put(kv[0], URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
                    }
                    String action = form.get("Action");
                    actions.add(action);
                    stackNames.add(form.get("StackName"));
                    String xml = switch (action) {
                        case "DescribeStacks" -> describeStacks();
                        case "ListStackResources" -> listStackResources(form.get("NextToken"));
                        default -> throw new IOException("unexpected " + action);
                    };
                    return HttpExecuteResponse.builder()
                            .response(SdkHttpResponse.builder().statusCode(200).putHeader("Content-Type", "text/xml").build())
                            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(
                                    xml.getBytes(StandardCharsets.UTF_8))))
                            .build();
                }

                @Override
                public void abort() {}
            };
        }

        private static String describeStacks() {
            return """
                    <DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
                      <DescribeStacksResult><Stacks><member>
                        <StackName>SafeholdTest</StackName>
                        <StackId>arn:aws:cloudformation:eu-west-1:111122223333:stack/SafeholdTest/1</StackId>
                        <CreationTime>2026-11-01T10:00:00Z</CreationTime>
                        <StackStatus>UPDATE_COMPLETE</StackStatus>
                        <Outputs>
                          <member><OutputKey>ApiUrl</OutputKey><OutputValue>https://api.example</OutputValue></member>
                          <member><OutputKey>DataKeyArn</OutputKey>
                            <OutputValue>arn:aws:kms:eu-west-1:111122223333:key/data</OutputValue></member>
                          <member><OutputKey>EventsTopicArn</OutputKey>
                            <OutputValue>arn:aws:sns:eu-west-1:111122223333:SafeholdTest-EventsTopic</OutputValue></member>
                        </Outputs>
                      </member></Stacks></DescribeStacksResult>
                      <ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>
                    </DescribeStacksResponse>""";
        }

        /** The tables on the first page with unrelated resources, the keys on the second. */
        private String listStackResources(String nextToken) {
            StringBuilder members = new StringBuilder();
            if (nextToken == null) {
                members.append(member("FunctionsAuthServiceRoleDefaultPolicy1A2B3C4D", "AWS::IAM::Policy", "p"));
                members.append(member("TablesOffers1B67DEF5Policy", "AWS::IAM::Policy", "not-a-table"));
                TABLE_IDS.values().forEach(id -> members.append(member(id, "AWS::DynamoDB::Table", "SafeholdTest-" + id + "-X")));
            } else {
                members.append(member("DataKey17AFBB84", "AWS::KMS::Key", "data-key-id"));
                members.append(member("BlindIndexKey22318975", "AWS::KMS::Key", "hmac-key-id"));
                members.append(member("EventsTopic063726A1", "AWS::SNS::Topic", "arn:aws:sns:eu-west-1:1:t"));
            }
            return """
                    <ListStackResourcesResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
                      <ListStackResourcesResult>
                        <StackResourceSummaries>%s</StackResourceSummaries>%s
                      </ListStackResourcesResult>
                      <ResponseMetadata><RequestId>r-2</RequestId></ResponseMetadata>
                    </ListStackResourcesResponse>""".formatted(members,
                    nextToken == null ? "<NextToken>page-2</NextToken>" : "");
        }

        private String member(String logicalId, String type, String physicalId) {
            if (omitted.contains(logicalId)) {
                return "";
            }
            return "<member><LogicalResourceId>" + logicalId + "</LogicalResourceId><PhysicalResourceId>" + physicalId
                    + "</PhysicalResourceId><ResourceType>" + type + "</ResourceType><LastUpdatedTimestamp>"
                    + "2026-11-01T10:00:00Z</LastUpdatedTimestamp><ResourceStatus>CREATE_COMPLETE</ResourceStatus></member>";
        }

        @Override
        public void close() {}
    }
}
