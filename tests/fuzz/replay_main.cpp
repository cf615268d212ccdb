// Replays a fuzz target's corpus without libFuzzer: the plain regression test each fuzz target also
// builds as with the normal compiler (`fuzz_<target>` in CTest). Arguments are files or directories
// (read one level deep); every file is one input. Fails when no input was found, so a missing
// corpus cannot pass silently; a crashing input fails it the way it fails the fuzzer.

#include <cstdint>
#include <cstdio>
#include <dirent.h>
#include <fstream>
#include <iterator>
#include <string>
#include <sys/stat.h>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size);

namespace {
bool isDirectory(const std::string &path)
{
    struct stat st
    {};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::vector<std::string> inputsOf(const std::string &path)
{
    if (!isDirectory(path))
        return {path};
    std::vector<std::string> files;
    if (DIR *dir = ::opendir(path.c_str())) {
        while (const dirent *e = ::readdir(dir)) {
            const std::string name = e->d_name;
            if (name != "." && name != ".." && !isDirectory(path + '/' + name))
                files.push_back(path + '/' + name);
        }
        ::closedir(dir);
    }
    return files;
}
} // namespace

int main(int argc, char **argv)
{
    int replayed = 0;
    for (int i = 1; i < argc; ++i) {
        for (const std::string &file : inputsOf(argv[i])) {
            std::ifstream in(file, std::ios::binary);
            if (!in) {
                std::fprintf(stderr, "cannot read %s\n", file.c_str());
                return 1;
            }
            const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t *>(bytes.data()), bytes.size());
            ++replayed;
        }
    }
    std::printf("replayed %d inputs\n", replayed);
    return replayed > 0 ? 0 : 1;
}
