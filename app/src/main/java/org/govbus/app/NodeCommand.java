package org.govbus.app;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.govbus.core.config.BusConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that reads a node's data beside it: the node's configuration ({@code --config}) and picocli's own streams. */
abstract class NodeCommand implements Callable<Integer> {
    @Mixin
    NodeOptions node;

    @Spec
    CommandSpec spec;

    BusConfig config() { return node.load("config/govbus.yaml"); }

    PrintWriter out() { return spec.commandLine().getOut(); }

    PrintWriter err() { return spec.commandLine().getErr(); }
}
