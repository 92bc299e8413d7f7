package dev.vigil.plugins.mqtt;

import org.pf4j.Plugin;

/** The PF4J plugin holding the MQTT sink and source extensions; it has no state of its own. */
public class MqttPlugin extends Plugin {}
