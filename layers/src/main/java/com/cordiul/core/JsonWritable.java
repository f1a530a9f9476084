package com.cordiul.core;

import java.util.Map;

/** A value that {@link Json#write} renders through the JSON object it gives, in that object's key order. */
public interface JsonWritable {

    /** The JSON object of this value: keys in the order they are written, values {@link Json} can write. */
    Map<String, Object> toJson();
}
