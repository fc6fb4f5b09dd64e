package dev.kiln.sample.todo;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The todos, in memory and safe under concurrent requests: a concurrent sorted map keyed by id, so listing
 * is in creation order, and updates replace a todo atomically ({@code computeIfPresent}).
 */
public final class TodoStore {
    private final ConcurrentSkipListMap<Long, Todo> todos = new ConcurrentSkipListMap<>();
    private final AtomicLong ids = new AtomicLong();

    public Todo create(String title, boolean done) {
        long id = ids.incrementAndGet();
        Todo todo = new Todo(id, title, done);
        todos.put(id, todo);
        return todo;
    }

    public Optional<Todo> get(long id) {
        return Optional.ofNullable(todos.get(id));
    }

    /** A page of todos in id order, only those with {@code done} when it is given. */
    public List<Todo> list(Optional<Boolean> done, int offset, int limit) {
        Stream<Todo> all = todos.values().stream();
        if (done.isPresent()) all = all.filter(t -> t.done() == done.get());
        return all.skip(offset).limit(limit).toList();
    }

    /** The updated todo, or empty when there is none with this id. */
    public Optional<Todo> update(long id, String title, Boolean done) {
        return Optional.ofNullable(todos.computeIfPresent(id, (k, old) ->
                new Todo(k, title != null ? title : old.title(), done != null ? done : old.done())));
    }

    public boolean delete(long id) {
        return todos.remove(id) != null;
    }
}
