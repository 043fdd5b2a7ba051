package examples.reactor;

import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A Reactor pipeline (reactor-core from Maven Central, a test-scope dependency of this module): prices and their
 * total computed on boundedElastic, the label on parallel, main blocking for it; then a Mono on parallel. A clean
 * run: no task is cancelled (Reactor's workers cancel their own futures when done), the boundedElastic evictor is a
 * periodic schedule waiting, and fork sites lead back to main's {@code .block()}. The hop to parallel carries one
 * value: a Flux's {@code publishOn} drains in a task that may or may not still run when the last item comes, so
 * which task the total's label ran in changed from run to run.
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
                .reduce(0, Integer::sum)
                .publishOn(Schedulers.parallel())
                .map(Quotes::label);
    }

    public static void main(String[] args) {
        System.out.println(quote(List.of(1, 2, 3)).block());
        System.out.println(Mono.fromCallable(() -> price(7)).subscribeOn(Schedulers.parallel()).map(Quotes::label)
                .block());
    }
}
