package com.cordiul.local.runner.testfn;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Test stream handler: writes the raw event bytes back in reverse order. */
public class ReversingStreamHandler implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] bytes = input.readAllBytes();
        for (int i = bytes.length - 1; i >= 0; i--) {
            output.write(bytes[i]);
        }
    }
}
