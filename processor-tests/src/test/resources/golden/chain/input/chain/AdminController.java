package chain;

import dev.kiln.annotation.Controller;
import dev.kiln.annotation.Delete;
import dev.kiln.annotation.Get;
import dev.kiln.annotation.PathParam;
import dev.kiln.annotation.Use;

@Controller("/admin")
@Use({Tenant.class, Auth.class})
public final class AdminController {
    @Get("/users")
    public String users() {
        return "users";
    }

    @Delete("/users/:id")
    @Use(Audit.class)
    public String delete(@PathParam String id) {
        return "deleted " + id;
    }
}
