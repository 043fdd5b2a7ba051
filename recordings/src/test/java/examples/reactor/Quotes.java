package examples.reactor;

import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A Reactor pipeline (reactor-core from Maven Central, a test-scope dependency of this module): prices computed
 * on boundedElastic, the total on parallel, main blocking for it; then a Mono on parallel. A clean run: no task is
 * cancelled (Reactor's workers cancel their own futures when done), the boundedElastic evictor is a periodic
 * schedule waiting, and fork sites lead back to main's {@code .block()}.
 */
public class Quotes {
    static int price(int item) {
        return item * 10;
    }

    static String label(int total) {
        return "total=" + total;
    }

    static Mono<String> quote(List<Integer> items) {
        return Flux.fromIterable(items)
                .subscribeOn(Schedulers.boundedElastic())
                .map(Quotes::price)
                .publishOn(Schedulers.parallel())
                .reduce(0, Integer::sum)
                .map(Quotes::label);
    }

    public static void main(String[] args) {
        System.out.println(quote(List.of(1, 2, 3)).block());
        System.out.println(Mono.fromCallable(() -> price(7)).subscribeOn(Schedulers.parallel()).map(Quotes::label)
                .block());
    }
}
