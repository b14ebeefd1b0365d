package org.example.glacier;

import org.apache.camel.main.Main;

/** Starts Camel Main: settings from application.properties, routes from routes/*.camel.yaml. */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        new Main(Application.class).run(args);
    }
}
