package io.tributary.query.core;

import java.util.List;

/** One page of a result: {@code rows} in portable form; {@code last} when no page follows. */
public record Page(int index, List<Object[]> rows, boolean last) {}
