package org.ferry.benchmarks;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.ferry.api.connector.Capabilities;
import org.ferry.api.connector.ChangeTracking;
import org.ferry.api.connector.Connection;
import org.ferry.api.connector.EntityInfo;
import org.ferry.api.connector.ReadRequest;
import org.ferry.api.connector.RecordReader;
import org.ferry.api.connector.TestResult;
import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.EntitySchema;
import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.Value;
import org.ferry.api.data.ValueType;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.organization.OrganizationUnit;

/**
 * A read-only source connection of N generated accounts, in the shape of the CDS Account entity's
 * columns. Records are made while a page is read, never held, so the source costs no memory whatever N
 * and almost no time: the hub leg then measures the engine and the hub, not the source.
 *
 * <p>Change tracking is a generation number: {@link #change(int)} starts a new generation in which every
 * {@code stride}-th record has a new name; a read since the previous generation's checkpoint returns just
 * those, as a watermark source would.
 */
public final class GeneratedAccounts implements Connection {
    static final String ENTITY = "account";
    private static final String CHECKPOINT_PREFIX = "gen:";
    private static final String[][] CITIES = {{"Seattle", "WA", "98101", "United States"},
        {"Chicago", "IL", "60601", "United States"}, {"Berlin", "BE", "10115", "Germany"}, {"Paris", "IDF", "75001", "France"}};

    private final int records;
    private final boolean tracked;
    private volatile int generation = 1;
    private volatile int changedStride;

    public GeneratedAccounts(int records) {
        this(records, true);
    }

    /**
     * @param tracked whether the source tracks changes; one that does not is read whole every run, as a source
     *                table without change tracking is, and its checkpoint is ignored
     */
    public GeneratedAccounts(int records, boolean tracked) {
        this.records = records;
        this.tracked = tracked;
    }

    /** Starts a new generation in which every {@code stride}-th record changed (stride 100 = 1%). */
    public void change(int stride) {
        changedStride = stride;
        generation++;
    }

    /** @return how many records the latest generation changed */
    public int changedCount() {
        return changedStride == 0 ? 0 : (records + changedStride - 1) / changedStride;
    }

    static EntitySchema schema() {
        return new EntitySchema(ENTITY, "Account", List.of(FieldSchema.text("accountnumber", 20).asRequired(),
                FieldSchema.text("name", 160).asRequired(), FieldSchema.text("description", 2000),
                FieldSchema.text("telephone1", 50), FieldSchema.text("fax", 50), FieldSchema.text("emailaddress1", 100),
                FieldSchema.text("websiteurl", 200), FieldSchema.text("address1_line1", 250),
                FieldSchema.text("address1_line2", 250), FieldSchema.text("address1_city", 80),
                FieldSchema.text("address1_stateorprovince", 50), FieldSchema.text("address1_postalcode", 20),
                FieldSchema.text("address1_country", 80), FieldSchema.of("creditlimit", ValueType.DECIMAL),
                FieldSchema.text("currencycode", 3), FieldSchema.text("customergroup", 10)),
                List.of("accountnumber"), List.of(), List.of("accountnumber"), null);
    }

    static String number(int i) {
        return String.format("ACC-%08d", i);
    }

    /** The record {@code i} as of {@code gen}: a record changed in a generation carries that generation in its name. */
    EntityRecord record(int i, int gen) {
        String[] city = CITIES[i % CITIES.length];
        String number = number(i);
        String name = "Generated account " + i + (gen > 1 ? " (rev " + gen + ")" : "");
        return EntityRecord.builder(ENTITY).key(BusinessKey.of("accountnumber", number)).sourceId(number)
                .text("accountnumber", number).text("name", name)
                .text("description", "Account " + i + " generated for the benchmark")
                .text("telephone1", String.format("+1-555-%04d", i % 10_000)).text("fax", null)
                .text("emailaddress1", "info" + i + "@example.com").text("websiteurl", "https://www.example.com/" + i)
                .text("address1_line1", (100 + i % 9000) + " Main Street").text("address1_line2", null)
                .text("address1_city", city[0]).text("address1_stateorprovince", city[1])
                .text("address1_postalcode", city[2]).text("address1_country", city[3])
                .set("creditlimit", Value.decimal(BigDecimal.valueOf(1000 + (i % 49) * 1000L, 0)))
                .text("currencycode", city[3].equals("United States") ? "USD" : "EUR").text("customergroup", "10").build();
    }

    private int generationOf(int i) {
        int stride = changedStride;
        return stride > 0 && i % stride == 0 ? generation : 1;
    }

    @Override
    public TestResult test() {
        return new TestResult(true, records + " generated accounts", Duration.ZERO);
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(tracked ? ChangeTracking.WATERMARK : ChangeTracking.NONE, false, false, false, 1000, 1);
    }

    @Override
    public List<EntityInfo> listEntities() {
        return List.of(new EntityInfo(ENTITY, "Account"));
    }

    @Override
    public EntitySchema describe(String entity) {
        if (!ENTITY.equals(entity)) {
            throw new ConfigurationException("entity", "unknown entity '" + entity + "'");
        }
        return schema();
    }

    @Override
    public List<OrganizationUnit> organizationUnits() {
        return List.of();
    }

    @Override
    public RecordReader read(ReadRequest request) {
        describe(request.entity());
        int gen = generation;
        String since = tracked ? request.checkpoint() : null;
        boolean upToDate = (CHECKPOINT_PREFIX + gen).equals(since);
        boolean sinceLast = (CHECKPOINT_PREFIX + (gen - 1)).equals(since) && changedStride > 0;
        int stride = sinceLast ? changedStride : 1;
        return new RecordReader() {
            private int next = upToDate ? records : 0;

            @Override
            public List<EntityRecord> nextPage() {
                if (next >= records) {
                    return null;
                }
                List<EntityRecord> page = new ArrayList<>(request.pageSize());
                while (next < records && page.size() < request.pageSize()) {
                    page.add(record(next, generationOf(next)));
                    next += stride;
                }
                return page;
            }

            @Override
            public String checkpoint() {
                return tracked ? CHECKPOINT_PREFIX + gen : null;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public List<WriteOutcome> upsert(String entity, OrganizationUnit organization, List<EntityRecord> batch) {
        throw new ConfigurationException("entity", "the generated source is read-only");
    }

    @Override
    public List<WriteOutcome> delete(String entity, OrganizationUnit organization, List<BusinessKey> keys) {
        throw new ConfigurationException("entity", "the generated source is read-only");
    }

    @Override
    public void close() {
    }
}
