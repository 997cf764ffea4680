package org.ferry.runtime.internal.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.EntitySchema;
import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.Value;
import org.ferry.api.error.RecordException;
import org.ferry.api.template.FieldMapping;
import org.ferry.api.template.LegTemplate;
import org.junit.jupiter.api.Test;

/** Lookups across systems: polymorphic source paths and polymorphic destination fields. */
class LegMappingTest {
    private static final EntitySchema ORDER = new EntitySchema("salesorder", null, List.of(FieldSchema.text("ordernumber", 40),
            FieldSchema.lookup("customerid", "account", "contact")), null, null, List.of("ordernumber"), null);
    private static final EntitySchema TARGET = new EntitySchema("Order", null, List.of(FieldSchema.text("OrderId", 40),
            FieldSchema.lookup("Customer", "Account", "Contact"), FieldSchema.text("CustomerText", 40)),
            null, null, List.of("OrderId"), null);

    private static LegMapping compile(String sourcePath) {
        LegTemplate leg = new LegTemplate("s", "salesorder", "t", "Order", List.of(FieldMapping.direct("OrderId", "ordernumber"),
                FieldMapping.direct("Customer", sourcePath), FieldMapping.direct("CustomerText", sourcePath)), null, List.of(), false);
        LegMapping.Compiled compiled = LegMapping.compile(leg, ORDER, TARGET, type -> Optional.empty(),
                entity -> entity.equals("Account") ? List.of("AccountId") : List.of("ContactId"));
        assertEquals(List.of(), compiled.problems());
        return compiled.mapping();
    }

    private static EntityRecord order(String entity, String keyField, String key) {
        return EntityRecord.builder("salesorder").text("ordernumber", "SO-1")
                .set("customerid", Value.reference(entity, BusinessKey.of(keyField, key))).build();
    }

    @Test
    void aPolymorphicPathKeepsTheEntityItReadForAPolymorphicDestination() {
        LegMapping mapping = compile("customerid.Account(accountnumber).Contact(msdynce_contactnumber)");
        EntityRecord toContact = ((LegMapping.Mapped) mapping.map(order("contact", "msdynce_contactnumber", "CON-7"), null)).record();
        assertEquals(Value.reference("Contact", BusinessKey.of("ContactId", "CON-7")), toContact.get("Customer"));
        assertEquals("CON-7", toContact.get("CustomerText").asText());
        EntityRecord toAccount = ((LegMapping.Mapped) mapping.map(order("account", "accountnumber", "ACC-1"), null)).record();
        assertEquals(Value.reference("Account", BusinessKey.of("AccountId", "ACC-1")), toAccount.get("Customer"));
    }

    @Test
    void aLookupToARecordWithoutAKeyIsEmptyOnABusinessKeyLeg() {
        EntityRecord byIdOnly = EntityRecord.builder("salesorder").text("ordernumber", "SO-1")
                .set("customerid", org.ferry.api.data.ReferenceValue.byId("account", "9f1c-guid")).build();
        for (String path : List.of("customerid", "customerid.accountnumber")) {
            EntityRecord mapped = ((LegMapping.Mapped) compile(path).map(byIdOnly, null)).record();
            assertEquals(null, mapped.get("Customer"), path);
            assertEquals(null, mapped.get("CustomerText"), path + ": the id of another system is no text to copy");
        }
    }

    @Test
    void aKeyTheReferenceDoesNotCarryIsARecordErrorThatSaysWhatToDo() {
        LegMapping mapping = compile("customerid.accountnumber");
        RecordException e = assertThrows(RecordException.class,
                () -> mapping.map(order("account", "accountid", "9f1c…"), null));
        assertEquals("customerid", e.field());
        assertTrue(e.getMessage().contains("define 'accountnumber' as the integration key of account"), e.getMessage());
    }

    @Test
    void unknownFieldsTypeMismatchesAndIncompleteMappingsAreNamed() {
        EntitySchema withDate = new EntitySchema("x", null, List.of(FieldSchema.text("id", 10),
                FieldSchema.of("on", org.ferry.api.data.ValueType.DATE)), null, null, List.of("id"), null);
        EntitySchema target = new EntitySchema("y", null, List.of(FieldSchema.text("Id", 10),
                FieldSchema.of("Flag", org.ferry.api.data.ValueType.BOOLEAN), FieldSchema.text("Must", 5).asRequired()),
                null, null, List.of("Id"), null);
        LegTemplate leg = new LegTemplate("s", "x", "t", "y", List.of(FieldMapping.direct("Id", "id"),
                FieldMapping.direct("Flag", "on"), FieldMapping.direct("Flag", "id"), new FieldMapping("Nope", null, List.of())),
                null, List.of(), false);
        List<MappingProblem> problems = LegMapping.compile(leg, withDate, target, t -> Optional.empty(), e -> List.of()).problems();
        List<String> messages = problems.stream().map(MappingProblem::message).toList();
        assertTrue(messages.contains("type mismatch: source 'on' is date, destination 'Flag' is boolean"), messages.toString());
        assertTrue(messages.contains("'Flag' is mapped more than once"), messages.toString());
        assertTrue(messages.contains("'Nope' is not a field of y"), messages.toString());
        assertTrue(messages.contains("'Must' is mandatory in y but is not mapped and has no default"), messages.toString());
    }
}
