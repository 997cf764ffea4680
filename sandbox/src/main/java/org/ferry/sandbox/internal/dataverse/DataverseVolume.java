package org.ferry.sandbox.internal.dataverse;

import org.ferry.sandbox.internal.data.Seeder;

/**
 * Generates large Sales volumes deterministically from the seed (accounts, contacts, products,
 * orders), in the same shapes as the sample so that connectors see realistic rows at any size.
 */
public final class DataverseVolume {
    private final DataverseSeed seed;
    private final Seeder seeder;

    public DataverseVolume(DataverseSeed seed, Seeder seeder) {
        this.seed = seed;
        this.seeder = seeder;
    }

    public void generate(int accounts, int contacts, int products, int orders) {
        for (int i = 0; i < products; i++) {
            seed.addProduct(String.format("P%07d", i + 1), "Generated product " + (i + 1), true);
        }
        if (seed.products.isEmpty() && orders > 0) {
            seed.addProduct("P0000000", "Generated product 0", true);
        }
        int firstAccount = seed.accounts.size();
        for (int i = 0; i < accounts; i++) {
            String[] city = DataverseSeed.CITIES[i % DataverseSeed.CITIES.length];
            seed.addAccount(String.format("ACC-%05d-%s", 10_000 + i, seeder.suffix()),
                    DataverseSeed.COMPANIES[i % DataverseSeed.COMPANIES.length] + " " + (i + 1), city);
        }
        int pool = seed.accounts.size();
        if (pool == 0 && (contacts > 0 || orders > 0)) {
            seed.addAccount("ACC-09999-GENERA", "Generated parent account", DataverseSeed.CITIES[0]);
            pool = 1;
        }
        for (int i = 0; i < contacts; i++) {
            seed.addContact(seed.accounts.get(firstAccount < pool ? firstAccount + i % (pool - firstAccount) : i % pool),
                    100_000 + i, i % 2 == 0);
        }
        DataverseSalesDocuments documents = new DataverseSalesDocuments(seed, seeder);
        for (int i = 0; i < orders; i++) {
            documents.generateOrder(String.format("ORD-%07d-%s", 100_000 + i, seeder.suffix()),
                    seed.accounts.get(seeder.random().nextInt(pool)), i);
        }
    }
}
