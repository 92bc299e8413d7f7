package dev.vigil.it;

/** GUIDs of the entities in the shipped conf/entities.yaml, as the tests name them. */
final class ShippedSite {
    static final String CAMERA_1 = "00000001-0000-babe-0000-000000000001";
    static final String CAMERA_2 = "00000001-0000-babe-0000-000000000002";
    static final String CAMERA_3 = "00000001-0000-babe-0000-000000000003";
    static final String DOOR_1 = "00000002-0000-babe-0000-000000000001";
    static final String MOTION_ALARM = "00000003-0000-babe-0000-000000000001";
    static final String DOOR_ALARM = "00000003-0000-babe-0000-000000000002";
    static final String REPEAT_ALARM = "00000003-0000-babe-0000-000000000003";
    static final String ADMIN = "00000004-0000-babe-0000-000000000001";
    static final String SECURITY_TEAM = "00000005-0000-babe-0000-000000000001";
    /** Security Center's system entity, which owns the custom events. */
    static final String SYSTEM = "00000000-0000-0000-0000-000000000007";

    private ShippedSite() {}
}
