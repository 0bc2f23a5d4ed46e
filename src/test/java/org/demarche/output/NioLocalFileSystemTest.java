package org.demarche.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.spark.sql.SparkSession;
import org.demarche.testing.SparkTestSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NioLocalFileSystemTest {
  @TempDir java.nio.file.Path tmp;

  @Test
  void mapsTheNineRwxBits() {
    assertThat(PosixFilePermissions.toString(NioLocalFileSystem.posix(new FsPermission((short) 0755))))
        .isEqualTo("rwxr-xr-x");
    assertThat(PosixFilePermissions.toString(NioLocalFileSystem.posix(new FsPermission((short) 0640))))
        .isEqualTo("rw-r-----");
    assertThat(PosixFilePermissions.toString(NioLocalFileSystem.posix(new FsPermission((short) 0))))
        .isEqualTo("---------");
  }

  /** Directories and files get the permissions Hadoop asks for, set without a child process, checksums kept. */
  @Test
  void createsDirectoriesAndFilesWithTheirPermissions() throws Exception {
    Configuration conf = new Configuration();
    conf.set("fs.file.impl", NioLocalFileSystem.class.getName());
    conf.setBoolean("fs.file.impl.disable.cache", true);
    FileSystem fs = FileSystem.get(tmp.toUri(), conf);
    assertThat(fs).isInstanceOf(NioLocalFileSystem.class);
    Path dir = new Path(tmp.toUri().toString(), "a/b");
    assertThat(fs.mkdirs(dir, new FsPermission((short) 0750))).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("a/b"))))
        .isEqualTo("rwxr-x---");
    try (FSDataOutputStream out = fs.create(new Path(dir, "f.txt"))) {
      out.writeUTF("hello");
    }
    fs.setPermission(new Path(dir, "f.txt"), new FsPermission((short) 0604));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("a/b/f.txt"))))
        .isEqualTo("rw----r--");
    assertThat(Files.exists(tmp.resolve("a/b/.f.txt.crc"))).isTrue();
    try (var in = fs.open(new Path(dir, "f.txt"))) {
      assertThat(in.readUTF()).isEqualTo("hello");
    }
    // the sticky bit is left to Hadoop's own way
    fs.setPermission(dir, new FsPermission((short) 01777));
    assertThat(fs.getFileStatus(dir).getPermission().getStickyBit()).isTrue();
  }

  @Test
  void theTestSessionWritesThroughIt() {
    SparkSession spark = SparkTestSession.get();
    assertThat(spark.sparkContext().hadoopConfiguration().get("fs.file.impl"))
        .isEqualTo(NioLocalFileSystem.class.getName());
  }
}
