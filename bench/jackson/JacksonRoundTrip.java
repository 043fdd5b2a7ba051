import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The real-code case of bench/jackson.sh: orders serialized to JSON with Jackson and parsed back, a few rounds after
 * one warm-up round (which loads, and so instruments, Jackson's classes). Prints the time of the rounds after the
 * warm-up (wall and the main thread's CPU time) and a checksum that must not change under any tracer.
 * Usage: java JacksonRoundTrip [orders] [rounds]
 */
public class JacksonRoundTrip {
    public enum Status { NEW, PAID, SHIPPED, CANCELLED }

    public static class Item {
        private String sku;
        private int quantity;
        private double price;

        public Item() {
        }

        Item(String sku, int quantity, double price) {
            this.sku = sku;
            this.quantity = quantity;
            this.price = price;
        }

        public String getSku() { return sku; }
        public void setSku(String sku) { this.sku = sku; }
        public int getQuantity() { return quantity; }
        public void setQuantity(int quantity) { this.quantity = quantity; }
        public double getPrice() { return price; }
        public void setPrice(double price) { this.price = price; }
    }

    public static class Order {
        private long id;
        private String customer;
        private String email;
        private Status status;
        private boolean gift;
        private List<Item> items = new ArrayList<>();
        private List<String> tags = new ArrayList<>();

        public long getId() { return id; }
        public void setId(long id) { this.id = id; }
        public String getCustomer() { return customer; }
        public void setCustomer(String customer) { this.customer = customer; }
        public String getEmail() { return email; }
        public void setEmail(String email) { this.email = email; }
        public Status getStatus() { return status; }
        public void setStatus(Status status) { this.status = status; }
        public boolean isGift() { return gift; }
        public void setGift(boolean gift) { this.gift = gift; }
        public List<Item> getItems() { return items; }
        public void setItems(List<Item> items) { this.items = items; }
        public List<String> getTags() { return tags; }
        public void setTags(List<String> tags) { this.tags = tags; }
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<Order> orders = orders(count);
        ObjectMapper mapper = new ObjectMapper();
        long checksum = 0;
        long start = 0;
        long startCpu = 0;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        StringBuilder roundCpu = new StringBuilder();
        for (int round = -1; round < rounds; round++) {
            long roundStartCpu = threads.getCurrentThreadCpuTime();
            if (round == 0) {
                start = System.nanoTime();
                startCpu = threads.getCurrentThreadCpuTime();
            }
            String json = mapper.writeValueAsString(orders);
            List<Order> back = mapper.readValue(json, new TypeReference<List<Order>>() { });
            checksum = checksum * 31 + json.hashCode();
            for (Order order : back) {
                checksum = checksum * 31 + Objects.hash(order.getId(), order.getCustomer(), order.getStatus().ordinal(),
                        order.getItems().size(), order.getTags());
            }
            long roundCpuMillis = (threads.getCurrentThreadCpuTime() - roundStartCpu) / 1_000_000;
            roundCpu.append(round < 0 ? "" : " ").append(roundCpuMillis);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        long cpuMillis = (threads.getCurrentThreadCpuTime() - startCpu) / 1_000_000;
        System.out.println("orders=" + count + " rounds=" + rounds + " checksum=" + Long.toHexString(checksum));
        System.out.println("roundTripMillis=" + millis);
        // the main thread's CPU time: what the rounds cost it, less what other programs' load adds to the wall time
        System.out.println("roundTripCpuMillis=" + cpuMillis);
        // each round's, the warm-up first: the later rounds tell the steady state from the JIT's warming up
        System.out.println("roundCpuMillis=" + roundCpu);
    }

    private static List<Order> orders(int count) {
        List<Order> orders = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Order order = new Order();
            order.setId(1_000_000L + i);
            order.setCustomer("customer-" + (i % 997));
            order.setEmail("user" + i + "@example.com");
            order.setStatus(Status.values()[i % Status.values().length]);
            order.setGift(i % 7 == 0);
            for (int j = 0; j < 1 + i % 4; j++) {
                order.getItems().add(new Item("SKU-" + (i * 13 + j) % 5000, 1 + j, 9.99 + j * 0.5));
            }
            order.getTags().add(i % 2 == 0 ? "express" : "standard");
            if (i % 3 == 0) {
                order.getTags().add("café \"quoted\"");
            }
            orders.add(order);
        }
        return orders;
    }
}
