package org.ferry.connectors.common.odata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.ferry.api.error.ConfigurationException;
import org.ferry.connectors.common.odata.FilterTokens.Kind;
import org.ferry.connectors.common.odata.FilterTokens.Token;
import org.junit.jupiter.api.Test;

class FilterTokensTest {

    @Test
    void tokensCarryTheirTextValueTypeAndOneBasedPosition() {
        List<Token> t = FilterTokens.of("(Name eq 'O''Bryan') and IsExternallyMaintained ne "
                + "Microsoft.Dynamics.DataEntities.NoYes'Yes' or Since ge 2020-01-01T00:00:00Z");
        assertEquals(List.of(Kind.OPEN, Kind.WORD, Kind.WORD, Kind.STRING, Kind.CLOSE, Kind.WORD, Kind.WORD, Kind.WORD,
                Kind.TYPED, Kind.WORD, Kind.WORD, Kind.WORD, Kind.NUMBER, Kind.END), t.stream().map(Token::kind).toList());
        assertEquals("'O''Bryan'", t.get(3).text());
        assertEquals("O'Bryan", t.get(3).value());
        assertEquals(10, t.get(3).position());
        assertEquals("Microsoft.Dynamics.DataEntities.NoYes", t.get(8).prefix());
        assertEquals("Yes", t.get(8).value());
        assertEquals(52, t.get(8).position());
        assertEquals("2020-01-01T00:00:00Z", t.get(12).text());
        assertTrue(t.get(9).is("OR"));
    }

    @Test
    void anUnclosedStringIsAFilterProblemAtItsQuote() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> FilterTokens.of("Name eq 'open"));
        assertEquals("filter", e.problems().get(0).field());
        assertTrue(e.getMessage().contains("position 9"), e.getMessage());
        assertThrows(ConfigurationException.class, () -> FilterTokens.of("Name eq #1"));
    }

    @Test
    void enumTypesKeepTheirMembersAndValues() {
        String xml = """
                <edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>
                 <Schema Namespace="Microsoft.Dynamics.DataEntities" xmlns="http://docs.oasis-open.org/odata/ns/edm">
                  <EnumType Name="NoYes"><Member Name="No" Value="0"/><Member Name="Yes" Value="1"/></EnumType>
                  <EnumType Name="Implicit"><Member Name="A"/><Member Name="B"/></EnumType>
                 </Schema></edmx:DataServices></edmx:Edmx>""";
        CsdlModel m = CsdlParser.parse(xml.getBytes(StandardCharsets.UTF_8));
        assertTrue(m.isEnum("Microsoft.Dynamics.DataEntities.NoYes"));
        assertEquals(List.of(new CsdlModel.EnumMember("No", 0), new CsdlModel.EnumMember("Yes", 1)),
                m.enumMembers("Microsoft.Dynamics.DataEntities.NoYes"));
        assertEquals(List.of(new CsdlModel.EnumMember("A", 0), new CsdlModel.EnumMember("B", 1)),
                m.enumMembers("Microsoft.Dynamics.DataEntities.Implicit"));
        assertEquals(List.of(), m.enumMembers("Edm.String"));
    }
}
