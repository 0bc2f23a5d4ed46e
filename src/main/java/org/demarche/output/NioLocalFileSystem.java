package org.demarche.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file:}), with permissions set through {@code java.nio} instead of a forked
 * {@code chmod}. Without Hadoop's native library (the usual case: it is not on Maven Central), {@link
 * RawLocalFileSystem#setPermission} runs {@code chmod} as a child process for every directory and file it creates,
 * three per Parquet file written; on a date-partitioned table of 450 days that was about 10 of the 11 seconds of a
 * write. Everything else is Hadoop's own {@link LocalFileSystem} (checksums included). Where the file system has no
 * POSIX permissions, or a permission has bits NIO cannot set (sticky, setuid), Hadoop's own way is used.
 *
 * <p>{@code Sessions} sets it as {@code spark.hadoop.fs.file.impl} unless the user set that key.
 */
public class NioLocalFileSystem extends LocalFileSystem {
  public NioLocalFileSystem() {
    super(new Raw());
  }

  /**
   * Closes (and so drops from Hadoop's cache) a {@code file:} file system made before the session with Hadoop's default
   * class, e.g. by the input and config checks; Hadoop caches one per scheme and user whatever the configuration, so
   * without this the session would keep using it.
   */
  public static void dropCachedLocal() {
    try {
      org.apache.hadoop.fs.FileSystem fs =
          org.apache.hadoop.fs.FileSystem.get(java.net.URI.create("file:///"), new org.apache.hadoop.conf.Configuration());
      if (!(fs instanceof NioLocalFileSystem)) {
        fs.close();
      }
    } catch (IOException e) {
      // nothing usable was cached: nothing to drop
    }
  }

  /** The raw local file system with NIO permissions. */
  public static class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      java.nio.file.Path path = pathToFile(p).toPath();
      if ((permission.toShort() & ~0777) != 0 // sticky, setuid, setgid
          || !Files.getFileStore(path).supportsFileAttributeView("posix")) {
        super.setPermission(p, permission);
        return;
      }
      Files.setPosixFilePermissions(path, posix(permission));
    }
  }

  /** The nine rwx bits of {@code permission}. */
  static Set<PosixFilePermission> posix(FsPermission permission) {
    return PosixFilePermissions.fromString(permission.getUserAction().SYMBOL + permission.getGroupAction().SYMBOL
        + permission.getOtherAction().SYMBOL);
  }
}
