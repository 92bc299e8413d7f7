package dev.vigil.engine.cluster;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.vigil.engine.alarm.AlarmIds;
import dev.vigil.engine.alarm.AlarmReplication;
import dev.vigil.engine.config.VigilConfig;
import dev.vigil.engine.journal.Journal;
import dev.vigil.engine.journal.NodeName;
import dev.vigil.engine.journal.kafka.KafkaAlarmReplication;
import dev.vigil.engine.journal.kafka.KafkaJournal;
import dev.vigil.engine.journal.kafka.KafkaRulesShare;
import dev.vigil.engine.rules.RulesShare;
import dev.vigil.engine.store.AlarmStore;
import dev.vigil.engine.store.ClusterIdStore;
import dev.vigil.engine.store.Database;
import dev.vigil.engine.store.RulesCheckpointStore;

/**
 * What changes when nodes share a Kafka topic and a PostgreSQL store (journal.type: kafka): who
 * runs which partitions' rules, where alarm ids come from, how alarm changes reach every node. On
 * one node each is the plain single-machine part.
 */
public final class ClusterModule extends AbstractModule {
    private static boolean clustered(VigilConfig.Journal j) {
        return "kafka".equals(j.type);
    }

    @Provides
    @Singleton
    RulesShare rulesShare(Journal journal, VigilConfig.Journal j, RulesCheckpointStore store, VigilConfig.Http http) {
        if (journal instanceof KafkaJournal kafka) {
            return new KafkaRulesShare(
                    kafka, store, NodeName.of(http.port), j.kafka.sessionTimeout, j.kafka.maxRulesLag);
        }
        return RulesShare.WHOLE;
    }

    @Provides
    @Singleton
    AlarmIds alarmIds(VigilConfig.Journal j, Database db, AlarmStore store) {
        return clustered(j) ? new SharedAlarmIds(new ClusterIdStore(db)) : AlarmIds.continuing(store);
    }

    @Provides
    @Singleton
    AlarmReplication alarmReplication(VigilConfig.Journal j, VigilConfig.Http http, AlarmStore store) {
        return clustered(j) ? new KafkaAlarmReplication(j.kafka, NodeName.of(http.port), store) : AlarmReplication.NONE;
    }
}
