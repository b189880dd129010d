package io.tributary.governance;

import io.quarkus.test.Mock;
import io.tributary.governance.core.CatalogUnavailableException;
import io.tributary.governance.core.TableRef;
import io.tributary.governance.core.pii.CatalogTags;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The catalog's tag writer in tests, where the catalog is a static file: remembers the tags it was asked to add. */
@Mock
@ApplicationScoped
public class FakeCatalogTags implements CatalogTags {

    private final List<String> added = new CopyOnWriteArrayList<>();
    private volatile boolean unavailable;

    @Override
    public Result addTag(TableRef table, String column, String tag) {
        if (unavailable) {
            throw new CatalogUnavailableException(
                    "The catalog cannot be reached at http://catalog.test: refused", null);
        }
        String entry = table + "." + column + "=" + tag;
        if (added.contains(entry)) {
            return Result.ALREADY_THERE;
        }
        added.add(entry);
        return Result.ADDED;
    }

    public List<String> added() {
        return List.copyOf(added);
    }

    public void unavailable(boolean unavailable) {
        this.unavailable = unavailable;
    }
}
