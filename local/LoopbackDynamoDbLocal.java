/*
 * DynamoDB Local as its own main class starts it, but listening on 127.0.0.1 only: the
 * official jar binds every interface and has no option to choose, and the store holds the
 * API's credentials table with no authentication of its own. local/dynamodb-local.ts compiles
 * it once with javac (the jar and its libraries on the class path) and runs it in the jar's
 * place; without a compiler, or if this release has no such field, the jar runs as it is.
 */
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public class LoopbackDynamoDbLocal {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    try {
      Field field = DynamoDBProxyServer.class.getDeclaredField("server");
      field.setAccessible(true);
      Server server = (Server) field.get(proxy);
      for (Connector connector : server.getConnectors()) {
        if (connector instanceof ServerConnector serverConnector) serverConnector.setHost("127.0.0.1");
      }
    } catch (ReflectiveOperationException | ClassCastException error) {
      // Another DynamoDB Local release: start it as its jar would, and say so.
      System.out.println("LOOPBACK-UNAVAILABLE " + error);
    }
    proxy.start();
  }
}
